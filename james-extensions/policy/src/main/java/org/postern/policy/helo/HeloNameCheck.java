package org.postern.policy.helo;

import java.util.Optional;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/**
 * What the HELO-name checks share: no HELO yet says nothing, and an address literal ({@code [192.0.2.1]})
 * is judged by {@link HeloLiteral}; only a name reaches {@link #checkName}.
 */
abstract class HeloNameCheck implements Restriction {
    final HeloParameters parameters;

    HeloNameCheck(HeloParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public final Outcome check(CheckContext context) {
        Optional<String> helo = context.transaction().heloName();
        if (helo.isEmpty()) {
            return Outcome.dunno();
        }
        if (HeloLiteral.isLiteral(helo.get())) {
            return HeloLiteral.check(context, helo.get(), parameters.invalidHostnameRejectCode());
        }
        return checkName(context, helo.get());
    }

    /** {@code helo} is the name exactly as the client sent it (quote it so in replies). */
    abstract Outcome checkName(CheckContext context, String helo);
}

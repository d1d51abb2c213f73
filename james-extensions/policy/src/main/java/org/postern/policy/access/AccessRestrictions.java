package org.postern.policy.access;

import java.util.List;

import javax.inject.Inject;

import org.postern.policy.restriction.NestedRestrictions;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.table.TableResolver;

/**
 * Access maps: {@code check_client_access}, {@code check_helo_access}, {@code check_sender_access},
 * {@code check_recipient_access}, each naming a table ({@code hash:/etc/postfix/access}, {@code db:blocked})
 * whose values are access(5) actions. A bare table in a list stands for the stage's check.
 */
public final class AccessRestrictions implements RestrictionFeature {
    private final TableResolver tables;

    @Inject
    public AccessRestrictions(TableResolver tables) {
        this.tables = tables;
    }

    @Override
    public List<Parameter> parameters() {
        return AccessParameters.PARAMETERS;
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        AccessParameters access = AccessParameters.from(parameters);
        AccessSearch search = access.search();
        NestedRestrictions nested = registrar.nested();
        for (CheckAccess.Target target : CheckAccess.Target.values()) {
            registrar.withArgument(target.restrictionName(),
                reference -> new CheckAccess(target, accessMap(reference, search), access, nested));
        }
    }

    private AccessMap accessMap(String reference, AccessSearch search) {
        if (reference.indexOf(':') <= 0) {
            throw new IllegalArgumentException("need a table reference such as hash:/etc/postfix/access or db:name");
        }
        return new AccessMap(tables.open(reference, AccessTableKind.ACCESS), search);
    }
}

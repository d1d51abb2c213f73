package org.postern.policy.generic;

import java.util.List;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;

/**
 * Postfix's generic restrictions, which decide without looking at anything: {@code permit}, {@code reject}
 * (reject_code), {@code defer} (defer_code), {@code defer_if_permit}, {@code defer_if_reject}.
 */
public final class GenericRestrictions implements RestrictionFeature {

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("reject_code", "554"), Parameter.of("defer_code", "450"));
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        int rejectCode = parameters.rejectCode("reject_code");
        int deferCode = parameters.rejectCode("defer_code");
        registrar.plain("permit", Permit::new);
        registrar.plain("reject", () -> new Reject(rejectCode));
        registrar.plain("defer", () -> new Defer(deferCode));
        registrar.plain("defer_if_permit", DeferIfPermit::new);
        registrar.plain("defer_if_reject", DeferIfReject::new);
    }
}

package org.postern.policy.policyservice;

/** What came back from a policy service: its {@code action=} value, or why there is none. */
public sealed interface PolicyAnswer {

    record Action(String action) implements PolicyAnswer {
    }

    /** No usable answer after every try: the service's default action applies. */
    record Failure(String reason) implements PolicyAnswer {
    }
}

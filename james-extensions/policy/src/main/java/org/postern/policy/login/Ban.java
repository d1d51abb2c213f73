package org.postern.policy.login;

import java.time.Instant;

/**
 * A client refused for failed logins: its address (an IPv6 client is refused with its whole /64), until when,
 * and the failures that led to it.
 */
public record Ban(String client, Instant until, int failures) {
}

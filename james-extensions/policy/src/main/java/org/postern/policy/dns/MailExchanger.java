package org.postern.policy.dns;

/** One MX record. A single MX with host {@code .} (RFC 7505 null MX) means the domain accepts no mail. */
public record MailExchanger(int preference, String host) {

    public boolean isNullMx() {
        return host.isEmpty() || host.equals(".");
    }
}

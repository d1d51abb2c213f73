package org.postern.smtp;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;

/**
 * The {@code Received:} header, as Postfix writes it but naming no software (James wrote
 * "JAMES SMTP Server"):
 * <pre>
 * Received: from client.example (host.client.example [192.0.2.1])
 *           by mx.example.com with ESMTPS id 4a1b2c3d
 *           for &lt;alice@example.com&gt;; Sun, 29 Nov 2026 10:00:00 +0000
 * </pre>
 * The client's name is the forward-confirmed name looked up at connection when a restriction needed it,
 * else {@code unknown}: no name is looked up for the header. The protocol follows RFC 3848 (ESMTP, ESMTPS,
 * ESMTPA, ESMTPSA, SMTP); the recipient is named only when there is one.
 */
public class ReceivedHeader extends ReceivedDataLineFilter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);
    /** The date of the last header written: a busy server writes many in one second, and formatting costs. */
    private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, null, "");

    private record Stamp(long second, ZoneId zone, String text) {
    }

    static String now() {
        Instant now = Instant.now();
        ZoneId zone = ZoneId.systemDefault();
        Stamp last = lastStamp;
        if (last.second() == now.getEpochSecond() && zone.equals(last.zone())) {
            return last.text();
        }
        String text = DATE.format(now.atZone(zone));
        lastStamp = new Stamp(now.getEpochSecond(), zone, text);
        return text;
    }

    @Override
    protected Collection<Header> headers(SMTPSession session) {
        String address = session.getRemoteAddress().getAddress().getHostAddress();
        String name = ClientConnection.hostname(session).orElse("unknown");
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).map(ReceivedHeader::printable)
            .orElse(name);
        boolean esmtp = session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection).map("EHLO"::equals).orElse(false);
        String protocol = (esmtp ? "ESMTP" : "SMTP") + (esmtp && session.isTLSStarted() ? "S" : "")
            + (esmtp && session.getUsername() != null ? "A" : "");
        Header header = new Header("Received", "from " + helo + " (" + name + " [" + address + "])");
        String by = "by " + session.getConfiguration().getHelloName() + " with " + protocol + " id " + session.getSessionID();
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
        String date = now();
        if (recipients.size() == 1) {
            header.add(by);
            header.add("for <" + recipients.get(0).asString() + ">; " + date);
        } else {
            header.add(by + "; " + date);
        }
        return List.of(header);
    }

    /** The HELO name as a header may carry it: printable ASCII, no blanks or parentheses. */
    private static String printable(String helo) {
        StringBuilder kept = new StringBuilder(Math.min(helo.length(), 255));
        for (int i = 0; i < helo.length() && kept.length() < 255; i++) {
            char c = helo.charAt(i);
            kept.append(c > ' ' && c < 0x7f && c != '(' && c != ')' ? c : '?');
        }
        return kept.isEmpty() ? "unknown" : kept.toString();
    }
}

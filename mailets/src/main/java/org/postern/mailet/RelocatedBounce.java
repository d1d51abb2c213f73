package org.postern.mailet;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.policy.address.RelocatedUsers;
import org.postern.policy.table.TableLookupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns mail for relocated users (relocated_maps) to its sender with a delivery status notification (RFC 3464):
 * status 5.1.6, "User has moved to <new address>", the original headers attached, from MAILER-DAEMON as Postfix's
 * bounces are. Mail with the null sender (itself a notification) is dropped, never bounced; recipients who did not
 * move go on; mail is deferred while the relocated table does not answer. Used with the
 * {@code IsRelocated} matcher, for mail that reached the pipeline without the SMTP door's RCPT check:
 * <pre>{@code <mailet match="org.postern.matcher.IsRelocated" class="org.postern.mailet.RelocatedBounce"/>}</pre>
 */
public class RelocatedBounce extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RelocatedBounce.class);
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final RelocatedUsers relocated;

    private final Clock clock;

    @Inject
    public RelocatedBounce(RelocatedUsers relocated) {
        this(relocated, Clock.systemUTC());
    }

    RelocatedBounce(RelocatedUsers relocated, Clock clock) {
        this.relocated = relocated;
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<MailAddress, String> moved = new LinkedHashMap<>();
        try {
            for (MailAddress recipient : mail.getRecipients()) {
                relocated.movedTo(recipient.asString()).ifPresent(newAddress -> moved.put(recipient, newAddress));
            }
        } catch (TableLookupException e) {
            Deferral.defer(getMailetContext(), mail, e.getMessage(), clock);
            return;
        }
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (!moved.isEmpty()) {
            if (sender.isPresent()) {
                getMailetContext().sendMail(null, List.of(sender.get()), notification(mail, moved));
                LOGGER.info("mail {} from {}: returned, relocated recipients {}", mail.getName(), sender.get().asString(), moved);
            } else {
                LOGGER.info("mail {} with the null sender for relocated recipients {}: dropped, not bounced", mail.getName(), moved);
            }
        }
        // the recipients who did not move (the mailet used with another matcher) go on
        List<MailAddress> staying = mail.getRecipients().stream().filter(recipient -> !moved.containsKey(recipient)).toList();
        if (staying.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(staying);
        }
    }

    private MimeMessage notification(Mail mail, Map<MailAddress, String> moved) throws MessagingException {
        String host = hostname();
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("MAILER-DAEMON@" + host, false));
        message.setRecipients(javax.mail.Message.RecipientType.TO, mail.getMaybeSender().asString());
        message.setSubject("Undelivered Mail Returned to Sender");
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-replied");

        StringBuilder text = new StringBuilder("This is the mail system at host ").append(host).append(".\r\n\r\n")
            .append("I'm sorry to have to inform you that your message could not\r\n")
            .append("be delivered to one or more recipients. It's attached below.\r\n\r\n");
        StringBuilder status = new StringBuilder("Reporting-MTA: dns; ").append(host).append("\r\n");
        Date arrival = Optional.ofNullable(mail.getLastUpdated()).orElseGet(Date::new);
        status.append("Arrival-Date: ").append(RFC_5322.format(ZonedDateTime.ofInstant(arrival.toInstant(), ZoneId.systemDefault())))
            .append("\r\n");
        for (Map.Entry<MailAddress, String> entry : moved.entrySet()) {
            text.append("<").append(entry.getKey().asString()).append(">: User has moved to ").append(entry.getValue()).append("\r\n");
            status.append("\r\nFinal-Recipient: rfc822; ").append(entry.getKey().asString()).append("\r\n")
                .append("Action: failed\r\n")
                .append("Status: 5.1.6\r\n")
                .append("Diagnostic-Code: X-Postern; User has moved to ").append(entry.getValue()).append("\r\n");
        }

        MimeBodyPart notice = new MimeBodyPart();
        notice.setText(text.toString(), "us-ascii");
        notice.setDescription("Notification");
        MimeBodyPart deliveryStatus = new MimeBodyPart();
        deliveryStatus.setContent(status.toString(), "message/delivery-status");
        deliveryStatus.setDescription("Delivery report");
        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent(originalHeaders(mail.getMessage()), "text/rfc822-headers");
        headers.setDescription("Undelivered Message Headers");

        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        report.addBodyPart(notice);
        report.addBodyPart(deliveryStatus);
        report.addBodyPart(headers);
        message.setContent(report);
        message.saveChanges();
        return message;
    }

    private static String originalHeaders(MimeMessage message) throws MessagingException {
        StringBuilder headers = new StringBuilder();
        for (String line : Collections.list(message.getAllHeaderLines())) {
            headers.append(line).append("\r\n");
        }
        return headers.toString();
    }

    private String hostname() {
        MailAddress postmaster = getMailetContext().getPostmaster();
        return postmaster == null ? "localhost" : postmaster.getDomain().asString();
    }

    @Override
    public String getMailetInfo() {
        return "Returns mail for relocated users with a 5.1.6 delivery status notification";
    }
}

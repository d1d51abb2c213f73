package org.postern.webadmin.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.postern.mail.CrashRedelivery;
import org.postern.mail.HoldArea;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.PolicyAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The hold area over webadmin, what {@code postqueue -p} shows of held mail and {@code postsuper -H} / {@code -d}
 * do to it:
 * <pre>
 * GET    /policy/hold?limit=N         held mail, the first N (100; at most 1000): {"total":T, "mails":[{"key":...,
 *                                     "sender":..., "recipients":[...], "subject":..., "size":N, "held":"2026-11-29T10:00:00Z",
 *                                     "reasons":["check_client_access db:x (why)"]}]}
 * POST   /policy/hold/{key}/release   204: the mail goes through the pipeline again, without its HOLD; 404 when unknown
 * DELETE /policy/hold/{key}          204: the mail is deleted; 404 when unknown
 * </pre>
 * A released mail is queued before it leaves the hold area: a crash between the two may deliver it twice, never
 * lose it. Releases and deletions are taken one at a time, so that two of them cannot both act on one mail.
 * Subjects are listed cut to {@value #MAX_SUBJECT} characters.
 */
public class HoldRoutes implements Routes {
    public static final String BASE_PATH = "/policy/hold";
    private static final String MAIL = BASE_PATH + "/:key";
    private static final Logger LOGGER = LoggerFactory.getLogger(HoldRoutes.class);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_SUBJECT = 200;

    private final MailRepositoryStore repositories;
    private final MailQueueFactory<?> queues;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public HoldRoutes(MailRepositoryStore repositories, MailQueueFactory<?> queues) {
        this.repositories = repositories;
        this.queues = queues;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::list, json);
        service.post(MAIL + "/release", this::release);
        service.delete(MAIL, this::delete);
    }

    private Object list(Request request, Response response) throws Exception {
        response.type(Constants.JSON_CONTENT_TYPE);
        int limit = limit(request);
        MailRepository held = held();
        List<HeldMail> mails = new ArrayList<>();
        Iterator<MailKey> keys = held.list();
        while (keys.hasNext() && mails.size() < limit) {
            MailKey key = keys.next();
            Mail mail = held.retrieve(key);
            if (mail == null) {
                continue;
            }
            try {
                mails.add(describe(key, mail));
            } finally {
                LifecycleUtil.dispose(mail);
            }
        }
        return new HeldArea(held.size(), mails);
    }

    private static int limit(Request request) {
        String written = request.queryParams("limit");
        if (written == null) {
            return DEFAULT_LIMIT;
        }
        if (!written.matches("[0-9]{1,5}") || Integer.parseInt(written) < 1 || Integer.parseInt(written) > MAX_LIMIT) {
            throw JsonBodies.badRequest("limit must be a number from 1 to " + MAX_LIMIT, Optional.empty());
        }
        return Integer.parseInt(written);
    }

    private synchronized Object release(Request request, Response response) throws Exception {
        MailKey key = new MailKey(request.params("key"));
        MailRepository held = held();
        Mail mail = retrieve(held, key, response);
        try {
            VerdictAttribute.of(mail).ifPresent(verdict -> VerdictAttribute.set(mail, verdict.without(PolicyAction.Kind.HOLD)));
            mail.setState(HoldArea.RELEASE_PROCESSOR);
            // a crash between the enqueue and the removal below leaves the mail held and queued: released again,
            // its delivery skips the recipients who already hold it
            mail.setAttribute(new Attribute(CrashRedelivery.ATTRIBUTE, AttributeValue.of(true)));
            MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL)
                .orElseThrow(() -> new IllegalStateException("no spool queue"));
            spool.enQueue(mail);
            held.remove(key);
            LOGGER.info("held mail {} released by webadmin", key.asString());
        } finally {
            LifecycleUtil.dispose(mail);
        }
        response.status(204);
        return "";
    }

    private synchronized Object delete(Request request, Response response) throws Exception {
        MailKey key = new MailKey(request.params("key"));
        MailRepository held = held();
        LifecycleUtil.dispose(retrieve(held, key, response));
        held.remove(key);
        LOGGER.info("held mail {} deleted by webadmin", key.asString());
        response.status(204);
        return "";
    }

    private static Mail retrieve(MailRepository held, MailKey key, Response response) throws MessagingException {
        Mail mail = held.retrieve(key);
        if (mail == null) {
            response.type(Constants.JSON_CONTENT_TYPE);
            throw JsonBodies.notFound("no held mail " + key.asString());
        }
        return mail;
    }

    private MailRepository held() throws MessagingException {
        try {
            return repositories.select(HoldArea.URL);
        } catch (Exception e) {
            throw new MessagingException("the hold area cannot be opened: " + e, e);
        }
    }

    private static HeldMail describe(MailKey key, Mail mail) {
        List<String> reasons = VerdictAttribute.of(mail).map(verdict -> verdict.all(PolicyAction.Kind.HOLD).stream()
                .map(hold -> hold.check() + (hold.argument().isEmpty() ? "" : " (" + hold.argument() + ")"))
                .collect(Collectors.toList()))
            .orElse(List.of());
        return new HeldMail(key.asString(), mail.getMaybeSender().asString(""),
            mail.getRecipients().stream().map(recipient -> recipient.asString()).toList(),
            subject(mail), size(mail),
            Optional.ofNullable(mail.getLastUpdated()).map(date -> date.toInstant().toString()).orElse(Instant.EPOCH.toString()),
            reasons);
    }

    private static String subject(Mail mail) {
        try {
            String subject = Optional.ofNullable(mail.getMessage().getSubject()).orElse("");
            return subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) + "..." : subject;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("held mail {}: its message cannot be read: {}", mail.getName(), e.toString());
            return "(the message cannot be read)";
        }
    }

    private static long size(Mail mail) {
        try {
            return mail.getMessageSize();
        } catch (MessagingException | RuntimeException e) {
            return -1;
        }
    }

    /** The hold area as JSON: how many mails it holds, and the first ones. */
    @JsonPropertyOrder({"total", "mails"})
    public record HeldArea(long total, List<HeldMail> mails) {
    }

    /** One held mail as JSON. */
    @JsonPropertyOrder({"key", "sender", "recipients", "subject", "size", "held", "reasons"})
    public record HeldMail(String key, String sender, List<String> recipients, String subject, long size, String held,
                           List<String> reasons) {
    }
}

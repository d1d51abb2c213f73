package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.Headers;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

class SkipCopiesDeliveredBeforeCrashTest {
    private static final String MAIL = "Mail1700000000000-6f1c";

    /** Each user's mailboxes: the X-Postern-Delivery value of each message, by UID (1, 2, ...), null for none. */
    private final Map<String, Map<String, List<String>>> mailboxes = new HashMap<>();

    @Test
    void aRecipientWhoseInboxHoldsTheCopyIsSkippedAndTheOthersAreDelivered() throws Exception {
        mailbox("alice@example.com", "INBOX", "Mail1-other", MAIL);
        mailbox("bob@example.com", "INBOX", "Mail1-other");
        Mail mail = mail("alice@example.com", "bob@example.com");

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aCopyFiledIntoAnotherFolderCountsToo() throws Exception {
        mailbox("alice@example.com", "INBOX", "Mail1-other");
        mailbox("alice@example.com", "Lists", MAIL);
        Mail mail = mail("alice@example.com");

        mailet().service(mail);

        assertThat(mail.getRecipients()).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aCopyOlderThanTheNewestMessagesSearchedIsNotLookedFor() throws Exception {
        List<String> inbox = new ArrayList<>();
        inbox.add(MAIL);
        for (int i = 0; i < SkipCopiesDeliveredBeforeCrash.NEWEST; i++) {
            inbox.add("Mail-later-" + i);
        }
        mailbox("alice@example.com", "INBOX", inbox.toArray(String[]::new));
        Mail mail = mail("alice@example.com");

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("alice@example.com"));
    }

    @Test
    void recipientsWithoutAnyMailboxOrCopyAreDelivered() throws Exception {
        mailbox("alice@example.com", "INBOX");
        Mail mail = mail("alice@example.com", "carol@remote.example");

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("alice@example.com"), new MailAddress("carol@remote.example"));
    }

    private void mailbox(String user, String name, String... deliveries) {
        mailboxes.computeIfAbsent(user, u -> new HashMap<>()).put(name, new ArrayList<>(List.of(deliveries)));
    }

    private static Mail mail(String... recipients) throws Exception {
        return FakeMail.builder().name(MAIL).recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();
    }

    private SkipCopiesDeliveredBeforeCrash mailet() throws Exception {
        UsersRepository users = proxy(UsersRepository.class, (method, args) -> switch (method) {
            case "getUsername" -> Username.of(((MailAddress) args[0]).asString());
            default -> throw new UnsupportedOperationException(method);
        });
        Map<MailboxId, List<String>> byId = new HashMap<>();
        MailboxManager manager = proxy(MailboxManager.class, (method, args) -> switch (method) {
            case "createSystemSession" -> new MailboxSession(MailboxSession.SessionId.of(1), (Username) args[0], Optional.empty(),
                List.of(Locale.ROOT), '.', MailboxSession.SessionType.System);
            case "search" -> {
                String user = ((MailboxSession) args[args.length - 1]).getUser().asString();
                List<MailboxMetaData> found = new ArrayList<>();
                mailboxes.getOrDefault(user, Map.of()).forEach((name, messages) -> {
                    MailboxId id = new NamedId(user + "/" + name);
                    byId.put(id, messages);
                    found.add(new MailboxMetaData(new Mailbox(MailboxPath.forUser(Username.of(user), name), UidValidity.of(1), id),
                        '.', MailboxMetaData.Children.NO_INFERIORS, MailboxMetaData.Selectability.NONE, MailboxACL.EMPTY,
                        MailboxCounters.empty(id)));
                });
                yield Flux.fromIterable(found);
            }
            case "getMailbox" -> messageManager(byId.get((MailboxId) args[0]));
            case "endProcessingRequest" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
        SkipCopiesDeliveredBeforeCrash mailet = new SkipCopiesDeliveredBeforeCrash(manager, users);
        mailet.init(FakeMailetConfig.builder().mailetName("SkipCopiesDeliveredBeforeCrash")
            .mailetContext(FakeMailContext.defaultContext()).build());
        return mailet;
    }

    /** A mailbox whose message with UID n carries the n-th delivery mark. */
    private static MessageManager messageManager(List<String> deliveries) {
        return proxy(MessageManager.class, (method, args) -> switch (method) {
            case "getMetaData" -> new MessageManager.MailboxMetaData(List.of(), new Flags(), UidValidity.of(1),
                MessageUid.of(deliveries.size() + 1), ModSeq.first(), deliveries.size(), 0, null, true, MailboxACL.EMPTY);
            case "getMessages" -> {
                MessageRange range = (MessageRange) args[0];
                List<MessageResult> results = new ArrayList<>();
                for (int uid = 1; uid <= deliveries.size(); uid++) {
                    if (range.includes(MessageUid.of(uid))) {
                        results.add(message(deliveries.get(uid - 1)));
                    }
                }
                Iterator<MessageResult> iterator = results.iterator();
                yield proxy(MessageResultIterator.class, (m, a) -> switch (m) {
                    case "hasNext" -> iterator.hasNext();
                    case "next" -> iterator.next();
                    case "getException" -> null;
                    default -> throw new UnsupportedOperationException(m);
                });
            }
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private static MessageResult message(String delivery) {
        List<Header> headers = new ArrayList<>(List.of(new Header("Subject", "hello")));
        if (delivery != null) {
            headers.add(new Header("X-Postern-Delivery", " " + delivery));
        }
        Headers all = proxy(Headers.class, (method, args) -> switch (method) {
            case "headers" -> headers.iterator();
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(MessageResult.class, (method, args) -> switch (method) {
            case "getHeaders" -> all;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(SkipCopiesDeliveredBeforeCrashTest.class.getClassLoader(), new Class<?>[] {type},
            (proxy, method, args) -> switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> type.getSimpleName();
                default -> answer.answer(method.getName(), args == null ? new Object[0] : args);
            });
    }

    private record NamedId(String name) implements MailboxId {
        @Override
        public String serialize() {
            return name;
        }
    }
}

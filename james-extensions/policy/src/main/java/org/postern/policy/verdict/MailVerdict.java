package org.postern.policy.verdict;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the SMTP door decided about one accepted message, carried with it through the mail pipeline (and the
 * persistent queue) so that matchers and mailets act on it: which server and client it came from, how each
 * recipient was classified and what accepted it, and the message actions (HOLD, REDIRECT, BCC, PREPEND, FILTER)
 * that access maps and policy services asked for. Immutable; written as JSON so that it survives the queue and
 * a restart, and so that a newer server reads an older one's verdicts (unknown fields are ignored).
 *
 * @param server        the SMTP server that accepted it ({@code smtp}, {@code submission})
 * @param clientAddress the client's IP address
 * @param clientName    the client's hostname, {@code unknown} when it has none
 * @param helo          what the client said at HELO/EHLO
 * @param login         the SASL login, empty when the client did not log in
 * @param recipients    every accepted recipient, in the order accepted
 * @param actions       the message actions, in the order found
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MailVerdict(String server, String clientAddress, String clientName, String helo, String login,
                          List<RecipientVerdict> recipients, List<PolicyAction> actions) {

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public MailVerdict {
        server = server == null ? "" : server;
        clientAddress = clientAddress == null ? "" : clientAddress;
        clientName = clientName == null ? "" : clientName;
        helo = helo == null ? "" : helo;
        login = login == null ? "" : login;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** The verdict of a recipient, by address (compared without case). */
    public Optional<RecipientVerdict> recipient(String address) {
        return recipients.stream().filter(recipient -> recipient.address().equalsIgnoreCase(address)).findFirst();
    }

    /** True when some access map or policy service asked for this action. */
    public boolean has(PolicyAction.Kind kind) {
        return actions.stream().anyMatch(action -> action.kind() == kind);
    }

    /** Every action of this kind, in the order found. */
    public List<PolicyAction> all(PolicyAction.Kind kind) {
        return actions.stream().filter(action -> action.kind() == kind).toList();
    }

    /** The action of this kind that counts when only one does (REDIRECT, BCC, FILTER): the last one found. */
    public Optional<PolicyAction> last(PolicyAction.Kind kind) {
        List<PolicyAction> found = all(kind);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** This verdict without any action: what a message carries once its actions were carried out. */
    public MailVerdict withoutActions() {
        return new MailVerdict(server, clientAddress, clientName, helo, login, recipients, List.of());
    }

    /** This verdict without the actions of these kinds. */
    public MailVerdict without(PolicyAction.Kind kind) {
        return new MailVerdict(server, clientAddress, clientName, helo, login, recipients,
            actions.stream().filter(action -> action.kind() != kind).toList());
    }

    /** This verdict with its recipients replaced (after REDIRECT). */
    public MailVerdict withRecipients(List<RecipientVerdict> replaced) {
        return new MailVerdict(server, clientAddress, clientName, helo, login, replaced, actions);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verdict cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a verdict */
    public static MailVerdict fromJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            MailVerdict verdict = JSON.readValue(json, MailVerdict.class);
            if (verdict == null) {
                throw new IllegalArgumentException("not a verdict: null");
            }
            return verdict;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a verdict: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "verdict of " + server + " for " + clientName + "[" + clientAddress + "]: " + recipients.size()
            + " recipient(s), actions " + actions.stream().map(action -> action.kind().name().toLowerCase(Locale.ROOT)).toList();
    }
}

package org.postern.webadmin.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;
import org.postern.policy.restriction.Verdict;
import org.postern.policy.syntax.IpAddress;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code POST /policy/dry-run}: what a server's restriction lists would answer to a hypothetical client,
 * e.g. {@code {"server":"smtp","clientAddress":"192.0.2.1","clientName":"mail.example.org",
 * "helo":"mail.example.org","sender":"a@example.org","recipient":"b@example.com","saslUser":null}}.
 * The transaction goes through connect, HELO, MAIL FROM and RCPT TO in that order (the steps whose field is
 * absent are skipped), stopping at the first refusal, exactly as a connection to that server would; no mail
 * is sent or stored. The answer names the decision, the reply, the SMTP stage, the list and the check that
 * decided, and the {@code warn_if_reject} rejections met on the way:
 * {@code {"decision":"REJECT","reply":"554 5.7.1 <b@example.com>: Relay access denied","stage":"RECIPIENT",
 * "list":"smtpd_relay_restrictions","check":"reject_unauth_destination","warnings":[]}}.
 *
 * <p>Checks with outside effects run for real: DNS lookups, and policy services (a greylisting policy
 * service records the triplet).
 */
public class PolicyDryRunRoutes implements Routes {
    public static final String PATH = "/policy/dry-run";
    private static final Set<String> FIELDS = Set.of("server", "clientAddress", "clientName", "helo", "sender",
        "recipient", "saslUser");

    private final Optional<RestrictionsByServer> restrictions;
    private final Optional<DomainList> domains;
    private final JsonTransformer json = new JsonTransformer();

    /** @param domains the default domain appended to a bare recipient, as for SMTP ($myorigin) */
    @Inject
    public PolicyDryRunRoutes(Optional<RestrictionsByServer> restrictions, Optional<DomainList> domains) {
        this.restrictions = restrictions;
        this.domains = domains;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.post(PATH, this::dryRun, json);
    }

    private Object dryRun(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        JsonBodies body = JsonBodies.parse(request, FIELDS);
        String serverName = body.requiredString("server");
        ServerRestrictions server = restrictions.flatMap(byServer -> byServer.forServer(serverName))
            .orElseThrow(() -> JsonBodies.badRequest("unknown server \"" + serverName + "\" (known: "
                + String.join(", ", knownServers()) + ")", Optional.empty()));
        String clientAddress = body.requiredString("clientAddress");
        if (!IpAddress.isValid(clientAddress)) {
            throw JsonBodies.badRequest("\"clientAddress\": \"" + clientAddress + "\" is not an IPv4 or IPv6 address",
                Optional.empty());
        }
        Optional<String> clientName = body.optionalString("clientName").map(name -> checkedWord("clientName", name));
        Optional<String> helo = body.optionalString("helo").map(name -> checkedWord("helo", name));
        Optional<String> sender = body.optionalString("sender").map(address -> checkedAddress("sender", address, true));
        Optional<String> recipient = body.optionalString("recipient")
            .map(address -> checkedAddress("recipient", address, false));
        Optional<String> saslUser = body.optionalString("saslUser").map(user -> checkedWord("saslUser", user));

        // without a clientName the client's hostname is looked up as for a real connection
        return evaluate(server.newConnection(), SmtpTransaction.connectedFrom(clientAddress,
                clientName.orElseGet(() -> server.clientHostname(clientAddress)))
            .serverName(serverName)
            .saslUsername(saslUser.orElse(null))
            .saslMethod(saslUser.map(user -> "PLAIN").orElse(null))
            .instance("dry-run")
            .build(), helo, sender, recipient.map(this::qualified));
    }

    /** A recipient as the lists judge it. */
    private record Recipient(String address, boolean domainAppended) {
    }

    /** The recipient as SMTP delivers it: a bare name gets the default domain. */
    private Recipient qualified(String recipient) {
        if (recipient.indexOf('@') >= 0 || domains.isEmpty()) {
            return new Recipient(recipient, false);
        }
        try {
            return new Recipient(recipient + "@" + domains.get().getDefaultDomain().asString(), true);
        } catch (DomainListException e) {
            throw new IllegalStateException("the default domain is unknown: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> evaluate(TransactionPolicy policy, SmtpTransaction connected, Optional<String> helo,
                                                Optional<String> sender, Optional<Recipient> recipient) {
        List<Decision> warnings = new ArrayList<>();
        SmtpTransaction transaction = connected;
        Decision decision = policy.connect(transaction);
        String stage = "CONNECT";
        warnings.addAll(decision.dryRuns());
        if (decision.accepts() && helo.isPresent()) {
            transaction = transaction.withHelo(helo.get(), true);
            decision = policy.helo(transaction);
            stage = "HELO";
            warnings.addAll(decision.dryRuns());
        }
        if (decision.accepts() && sender.isPresent()) {
            transaction = transaction.withSender(sender.get());
            decision = policy.mail(transaction);
            stage = "MAIL";
            warnings.addAll(decision.dryRuns());
        }
        if (decision.accepts() && recipient.isPresent()) {
            transaction = transaction.toBuilder().recipient(recipient.get().address())
                .recipientDomainAppended(recipient.get().domainAppended()).protocolState(ProtocolState.RCPT).build();
            decision = policy.rcpt(transaction);
            stage = "RECIPIENT";
            warnings.addAll(decision.dryRuns());
        }
        return answer(decision, stage, warnings);
    }

    private static Map<String, Object> answer(Decision decision, String stage, List<Decision> warnings) {
        Map<String, Object> answer = new LinkedHashMap<>();
        // DUNNO at the end of every list means accepted: say so as Postfix admins read it
        answer.put("decision", decision.verdict() == Verdict.DUNNO ? Verdict.PERMIT.name() : decision.verdict().name());
        decision.reply().ifPresent(reply -> answer.put("reply", reply.line()));
        answer.put("stage", stage);
        if (!decision.list().isEmpty()) {
            answer.put("list", decision.list());
        }
        if (!decision.check().isEmpty()) {
            answer.put("check", decision.check());
        }
        answer.put("warnings", warnings.stream().map(warning -> {
            Map<String, Object> described = new LinkedHashMap<>();
            warning.reply().ifPresent(reply -> described.put("reply", reply.line()));
            described.put("list", warning.list());
            described.put("check", warning.check());
            return described;
        }).toList());
        return answer;
    }

    private Set<String> knownServers() {
        return restrictions.map(byServer -> (Set<String>) new TreeSet<>(byServer.servers())).orElse(Set.of());
    }

    private static String checkedWord(String field, String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw JsonBodies.badRequest("\"" + field + "\": \"" + value + "\" must be one word without blanks or control characters",
                Optional.empty());
        }
        return value;
    }

    /** An envelope address as it would follow MAIL FROM:/RCPT TO:, without angle brackets. */
    private static String checkedAddress(String field, String address, boolean mayBeNullSender) {
        if (address.isEmpty() && mayBeNullSender) {
            return address;
        }
        if (address.isEmpty() || address.chars().anyMatch(c -> c <= ' ' || c == 127 || c == '<' || c == '>')
            || address.startsWith("@") || address.endsWith("@")) {
            throw JsonBodies.badRequest("\"" + field + "\": \"" + address + "\" is not an envelope address"
                + " (user@domain without angle brackets" + (mayBeNullSender ? ", or \"\" for the null sender)" : ")"),
                Optional.empty());
        }
        return address;
    }
}

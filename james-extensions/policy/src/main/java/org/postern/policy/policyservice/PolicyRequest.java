package org.postern.policy.policyservice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.SmtpTransaction;

/**
 * The attributes of a {@code request=smtpd_access_policy}, in the order and with the names of
 * SMTPD_POLICY_README, so existing policy servers understand us. Values we do not know are sent empty,
 * as Postfix does for information it lacks.
 */
public final class PolicyRequest {
    private PolicyRequest() {
    }

    public static List<Map.Entry<String, String>> attributes(SmtpTransaction transaction, String policyContext) {
        List<Map.Entry<String, String>> attributes = new ArrayList<>();
        ProtocolState state = transaction.protocolState();
        boolean countsRecipients = state == ProtocolState.DATA || state == ProtocolState.END_OF_MESSAGE;
        add(attributes, "request", "smtpd_access_policy");
        add(attributes, "protocol_state", state.postfixName());
        add(attributes, "protocol_name", transaction.esmtp() ? "ESMTP" : "SMTP");
        add(attributes, "client_address", transaction.clientAddress());
        add(attributes, "client_name", transaction.clientName());
        add(attributes, "client_port", transaction.clientPort() > 0 ? Integer.toString(transaction.clientPort()) : SmtpTransaction.UNKNOWN);
        add(attributes, "reverse_client_name", transaction.clientName());
        add(attributes, "server_address", transaction.serverAddress().isEmpty() ? SmtpTransaction.UNKNOWN : transaction.serverAddress());
        add(attributes, "server_port", transaction.serverPort() > 0 ? Integer.toString(transaction.serverPort()) : SmtpTransaction.UNKNOWN);
        add(attributes, "helo_name", transaction.heloName().orElse(""));
        add(attributes, "sender", transaction.sender().orElse(""));
        add(attributes, "recipient", transaction.recipient().orElse(""));
        add(attributes, "recipient_count", Integer.toString(countsRecipients ? transaction.recipientCount() : 0));
        add(attributes, "queue_id", "");
        add(attributes, "instance", transaction.instance());
        add(attributes, "size", Long.toString(transaction.messageSize()));
        add(attributes, "etrn_domain", "");
        add(attributes, "stress", "");
        add(attributes, "sasl_method", transaction.saslMethod().orElse(""));
        add(attributes, "sasl_username", transaction.saslUsername().orElse(""));
        add(attributes, "sasl_sender", "");
        add(attributes, "ccert_subject", "");
        add(attributes, "ccert_issuer", "");
        add(attributes, "ccert_fingerprint", "");
        add(attributes, "ccert_pubkey_fingerprint", "");
        add(attributes, "encryption_protocol", "");
        add(attributes, "encryption_cipher", "");
        add(attributes, "encryption_keysize", "0");
        add(attributes, "policy_context", policyContext);
        return attributes;
    }

    private static void add(List<Map.Entry<String, String>> attributes, String name, String value) {
        attributes.add(Map.entry(name, value));
    }
}

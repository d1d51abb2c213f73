package org.postern.policy.restriction;

import java.util.Objects;
import java.util.Optional;

import org.postern.policy.dns.ClientHostname;

/**
 * An immutable snapshot of what the SMTP server knows when it asks the policy for an answer. Values are as
 * the client sent them (the HELO name unchanged, MAIL FROM without a default domain appended), because
 * Postfix's replies quote them that way and its checks judge what the client actually said. The one
 * exception is a recipient without a domain: it is judged as the address mail will be delivered to, with
 * the default domain ($myorigin) appended, as Postfix resolves it before its checks; only
 * {@code reject_non_fqdn_recipient} looks at what was sent.
 *
 * @param clientAddress the client IP address ({@code 192.0.2.1}, {@code 2001:db8::1})
 * @param clientName the client host name, or {@code unknown} when it has none (Postfix's convention)
 * @param heloName the HELO/EHLO argument, empty before HELO
 * @param sender the MAIL FROM address without angle brackets; {@code ""} is the null sender; empty before MAIL
 * @param recipient the RCPT TO address being judged; empty outside RCPT
 * @param recipientDomainAppended true when the client sent the recipient without a domain and the server
 *        appended its default domain: {@code recipient} is then {@code asSent@defaultdomain}
 * @param saslUsername the SASL login name, empty when not authenticated
 * @param saslMethod the SASL mechanism, empty when not authenticated
 * @param serverName which SMTP server this is ({@code smtp}, {@code submission}), for logs and policy servers
 * @param illegalPipelining true when the client sent commands before it was allowed to (Postfix's
 *        {@code reject_unauth_pipelining} test)
 * @param protocolState the command being answered
 * @param esmtp true after EHLO, false after HELO
 * @param smtpUtf8 true when the client asked for SMTPUTF8 (non-ASCII domains are then acceptable)
 * @param recipientCount the recipients accepted so far in this transaction
 * @param messageSize the SIZE= announced at MAIL, or the actual size at END-OF-MESSAGE; 0 when unknown
 * @param instance an identifier shared by all requests about one message (sent to policy servers)
 * @param clientPort the client TCP port, 0 when unknown
 * @param serverAddress the local IP address the client connected to, empty when unknown
 * @param serverPort the local TCP port, 0 when unknown
 */
public record SmtpTransaction(String clientAddress, String clientName, Optional<String> heloName,
                              Optional<String> sender, Optional<String> recipient, boolean recipientDomainAppended,
                              Optional<String> saslUsername,
                              Optional<String> saslMethod, String serverName, boolean illegalPipelining,
                              ProtocolState protocolState, boolean esmtp, boolean smtpUtf8, int recipientCount,
                              long messageSize, String instance, int clientPort, String serverAddress,
                              int serverPort) {

    public static final String UNKNOWN = ClientHostname.UNKNOWN;

    public SmtpTransaction {
        Objects.requireNonNull(clientAddress, "clientAddress");
        clientName = clientName == null || clientName.isEmpty() ? UNKNOWN : clientName;
        heloName = Objects.requireNonNull(heloName, "heloName");
        sender = Objects.requireNonNull(sender, "sender");
        recipient = Objects.requireNonNull(recipient, "recipient");
        saslUsername = Objects.requireNonNull(saslUsername, "saslUsername").filter(name -> !name.isEmpty());
        saslMethod = Objects.requireNonNull(saslMethod, "saslMethod");
        serverName = serverName == null ? "smtp" : serverName;
        Objects.requireNonNull(protocolState, "protocolState");
        instance = instance == null ? "" : instance;
        serverAddress = serverAddress == null ? "" : serverAddress;
    }

    /** A snapshot for a client that has just connected. */
    public static Builder connectedFrom(String clientAddress, String clientName) {
        return new Builder().clientAddress(clientAddress).clientName(clientName);
    }

    /** Postfix's {@code name[address]}, the subject of client rejections. */
    public String clientNameAndAddress() {
        return clientName + "[" + clientAddress + "]";
    }

    /** The recipient as the client wrote it: without the appended default domain, if one was appended. */
    public Optional<String> recipientAsSent() {
        return recipient.map(address -> recipientDomainAppended && address.lastIndexOf('@') >= 0
            ? address.substring(0, address.lastIndexOf('@')) : address);
    }

    /** True when the client is logged in. */
    public boolean isAuthenticated() {
        return saslUsername.isPresent();
    }

    /** A builder holding this snapshot's values, to derive the next one. */
    public Builder toBuilder() {
        return new Builder().clientAddress(clientAddress).clientName(clientName).heloName(heloName.orElse(null))
            .sender(sender.orElse(null)).recipient(recipient.orElse(null)).recipientDomainAppended(recipientDomainAppended)
            .saslUsername(saslUsername.orElse(null))
            .saslMethod(saslMethod.orElse(null)).serverName(serverName).illegalPipelining(illegalPipelining)
            .protocolState(protocolState).esmtp(esmtp).smtpUtf8(smtpUtf8).recipientCount(recipientCount)
            .messageSize(messageSize).instance(instance).clientPort(clientPort).serverAddress(serverAddress)
            .serverPort(serverPort);
    }

    public SmtpTransaction withHelo(String name, boolean extended) {
        return toBuilder().heloName(name).esmtp(extended).protocolState(extended ? ProtocolState.EHLO : ProtocolState.HELO)
            .build();
    }

    public SmtpTransaction withSender(String address) {
        return toBuilder().sender(address).recipient(null).recipientDomainAppended(false).recipientCount(0)
            .protocolState(ProtocolState.MAIL).build();
    }

    /** The snapshot of a RCPT TO whose address the client sent with its domain. */
    public SmtpTransaction withRecipient(String address) {
        return toBuilder().recipient(address).recipientDomainAppended(false).protocolState(ProtocolState.RCPT).build();
    }

    public SmtpTransaction withProtocolState(ProtocolState state) {
        return toBuilder().protocolState(state).build();
    }

    /** Builds snapshots; unset values are "not yet known". */
    public static final class Builder {
        private String clientAddress;
        private String clientName = UNKNOWN;
        private String heloName;
        private String sender;
        private String recipient;
        private boolean recipientDomainAppended;
        private String saslUsername;
        private String saslMethod;
        private String serverName = "smtp";
        private boolean illegalPipelining;
        private ProtocolState protocolState = ProtocolState.CONNECT;
        private boolean esmtp;
        private boolean smtpUtf8;
        private int recipientCount;
        private long messageSize;
        private String instance = "";
        private int clientPort;
        private String serverAddress = "";
        private int serverPort;

        public Builder clientAddress(String value) {
            clientAddress = value;
            return this;
        }

        public Builder clientName(String value) {
            clientName = value;
            return this;
        }

        public Builder heloName(String value) {
            heloName = value;
            return this;
        }

        public Builder sender(String value) {
            sender = value;
            return this;
        }

        public Builder recipient(String value) {
            recipient = value;
            return this;
        }

        public Builder recipientDomainAppended(boolean value) {
            recipientDomainAppended = value;
            return this;
        }

        public Builder saslUsername(String value) {
            saslUsername = value;
            return this;
        }

        public Builder saslMethod(String value) {
            saslMethod = value;
            return this;
        }

        public Builder serverName(String value) {
            serverName = value;
            return this;
        }

        public Builder illegalPipelining(boolean value) {
            illegalPipelining = value;
            return this;
        }

        public Builder protocolState(ProtocolState value) {
            protocolState = value;
            return this;
        }

        public Builder esmtp(boolean value) {
            esmtp = value;
            return this;
        }

        public Builder smtpUtf8(boolean value) {
            smtpUtf8 = value;
            return this;
        }

        public Builder recipientCount(int value) {
            recipientCount = value;
            return this;
        }

        public Builder messageSize(long value) {
            messageSize = value;
            return this;
        }

        public Builder instance(String value) {
            instance = value;
            return this;
        }

        public Builder clientPort(int value) {
            clientPort = value;
            return this;
        }

        public Builder serverAddress(String value) {
            serverAddress = value;
            return this;
        }

        public Builder serverPort(int value) {
            serverPort = value;
            return this;
        }

        public SmtpTransaction build() {
            return new SmtpTransaction(clientAddress, clientName, Optional.ofNullable(heloName),
                Optional.ofNullable(sender), Optional.ofNullable(recipient), recipientDomainAppended, Optional.ofNullable(saslUsername),
                Optional.ofNullable(saslMethod), serverName, illegalPipelining, protocolState, esmtp, smtpUtf8,
                recipientCount, messageSize, instance, clientPort, serverAddress, serverPort);
        }
    }
}

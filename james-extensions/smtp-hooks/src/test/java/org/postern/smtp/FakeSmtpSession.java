package org.postern.smtp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLSession;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.TestEnvironment;

/**
 * A James SMTP session without a network: a client at 192.0.2.1 talking to the server named "smtp", whose
 * restrictions the test builds from {@link TestEnvironment} parameters. What the handlers write to the client is
 * kept in {@link #written}.
 */
final class FakeSmtpSession {
    final TestEnvironment env = new TestEnvironment();
    final List<Response> written = new ArrayList<>();
    final SMTPSession session;

    FakeSmtpSession(String... parameters) {
        for (int i = 0; i < parameters.length; i += 2) {
            env.parameters.put(parameters[i], parameters[i + 1]);
        }
        SMTPConfigurationImpl configuration = new SMTPConfigurationImpl() {
            @Override
            public String getHelloName() {
                return "mx.example.test";
            }
        };
        session = new SMTPSessionImpl(new Transport(), configuration);
        session.setAttachment(ServerSection.NAME, "smtp", ProtocolSession.State.Connection);
    }

    /** The restrictions by server of this session: just "smtp", built once from the parameters. */
    RestrictionsByServer restrictions() {
        ServerRestrictions smtp = env.server();
        return new RestrictionsByServer() {
            @Override
            public Set<String> servers() {
                return Set.of("smtp");
            }

            @Override
            public Optional<ServerRestrictions> forServer(String server) {
                return Optional.ofNullable(Map.of("smtp", smtp).get(server));
            }
        };
    }

    /** What James keeps when it accepted a recipient. */
    void accepted(String recipient) throws Exception {
        List<MailAddress> recipients = new ArrayList<>(session.getAttachment(SMTPSession.RCPT_LIST,
            ProtocolSession.State.Transaction).orElse(List.of()));
        recipients.add(new MailAddress(recipient));
        session.setAttachment(SMTPSession.RCPT_LIST, recipients, ProtocolSession.State.Transaction);
    }

    private final class Transport implements ProtocolTransport {
        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress("192.0.2.1", 40000);
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress("127.0.0.1", 25);
        }

        @Override
        public String getId() {
            return "fake";
        }

        @Override
        public boolean isTLSStarted() {
            return false;
        }

        @Override
        public boolean isStartTLSSupported() {
            return true;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return Optional.empty();
        }

        @Override
        public boolean isProxyRequired() {
            return false;
        }

        @Override
        public void writeResponse(Response response, ProtocolSession session) {
            written.add(response);
        }

        @Override
        public void popLineHandler() {
        }

        @Override
        public void pushLineHandler(LineHandler<? extends ProtocolSession> overrideCommandHandler, ProtocolSession session) {
        }

        @Override
        public void setReadable(boolean readable) {
        }

        @Override
        public boolean isReadable() {
            return true;
        }
    }
}

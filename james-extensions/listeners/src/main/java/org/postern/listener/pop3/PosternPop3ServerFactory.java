package org.postern.listener.pop3;

import javax.inject.Inject;

import org.apache.james.pop3server.netty.POP3Server;
import org.apache.james.pop3server.netty.POP3ServerFactory;
import org.postern.policy.login.LoginFailures;

/** Builds the POP3 servers of pop3server.xml as {@link PosternPop3Server}s. */
public class PosternPop3ServerFactory extends POP3ServerFactory {
    private final LoginFailures loginFailures;

    @Inject
    public PosternPop3ServerFactory(LoginFailures loginFailures) {
        this.loginFailures = loginFailures;
    }

    @Override
    protected POP3Server createServer() {
        return new PosternPop3Server(loginFailures);
    }
}

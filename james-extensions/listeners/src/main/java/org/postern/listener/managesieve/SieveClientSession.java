package org.postern.listener.managesieve;

import org.apache.james.core.Username;
import org.apache.james.managesieve.api.Session;
import org.apache.james.managesieve.api.commands.Authenticate;

/** James's ManageSieve session with what it lacks: the client's address, and a request to hang up. */
final class SieveClientSession implements Session {
    private final Session delegate;
    private final String clientAddress;
    private volatile boolean closeRequested;
    private int failedLogins;

    SieveClientSession(Session delegate, String clientAddress) {
        this.delegate = delegate;
        this.clientAddress = clientAddress;
    }

    String clientAddress() {
        return clientAddress;
    }

    /** The connection is to be closed once the current reply is written. */
    void requestClose() {
        closeRequested = true;
    }

    boolean closeRequested() {
        return closeRequested;
    }

    /** Counts a failed login on this connection and returns how many there were. */
    int failedLogin() {
        return ++failedLogins;
    }

    @Override
    public boolean isAuthenticated() {
        return delegate.isAuthenticated();
    }

    @Override
    public Username getUser() {
        return delegate.getUser();
    }

    @Override
    public void setUser(Username user) {
        delegate.setUser(user);
    }

    @Override
    public State getState() {
        return delegate.getState();
    }

    @Override
    public void setState(State state) {
        delegate.setState(state);
    }

    @Override
    public Authenticate.SupportedMechanism getChoosedAuthenticationMechanism() {
        return delegate.getChoosedAuthenticationMechanism();
    }

    @Override
    public void setChoosedAuthenticationMechanism(Authenticate.SupportedMechanism mechanism) {
        delegate.setChoosedAuthenticationMechanism(mechanism);
    }

    @Override
    public void setSslEnabled(boolean sslEnabled) {
        delegate.setSslEnabled(sslEnabled);
    }

    @Override
    public boolean isSslEnabled() {
        return delegate.isSslEnabled();
    }
}

package org.postern.server;

/** One listening service: its name in logs, the environment variable that sets its port, address and port. */
public record ListenerPort(String service, String variable, String bindAddress, int port) {

    public String describe() {
        return service + " " + bindAddress + ":" + port;
    }
}

package org.postern.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.List;

import org.postern.config.InvalidConfigurationException;

/**
 * Checks every listening port before James starts, so that a port in use is reported by service, variable
 * and number instead of as a Netty stack trace halfway through startup.
 */
final class PortAvailability {
    private PortAvailability() {
    }

    static void requireFree(List<ListenerPort> listeners) {
        listeners.forEach(PortAvailability::requireFree);
    }

    private static void requireFree(ListenerPort listener) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(listener.bindAddress(), listener.port()));
        } catch (BindException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("ermission")
                ? "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
                : "already in use";
            throw new InvalidConfigurationException(listener.service() + " port " + listener.port() + " on "
                + listener.bindAddress() + " is " + reason + " (set " + listener.variable() + " to another port)");
        } catch (SocketException e) {
            throw new InvalidConfigurationException(listener.service() + " port " + listener.port() + " on "
                + listener.bindAddress() + " cannot be opened: " + e.getMessage() + " (check BIND_ADDRESS)");
        } catch (IOException e) {
            throw new InvalidConfigurationException(listener.service() + " port " + listener.port() + ": " + e.getMessage());
        }
    }
}

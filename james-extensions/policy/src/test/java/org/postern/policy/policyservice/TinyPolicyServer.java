package org.postern.policy.policyservice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A policy server on 127.0.0.1 and a free port, for tests: reads name=value lines up to an empty line and
 * writes what {@code answer} returns for the request (null: never answer). Records requests and counts
 * connections.
 */
final class TinyPolicyServer implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final Function<Map<String, String>, String> answer;
    private final boolean closeAfterEachAnswer;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TinyPolicyServer(Function<Map<String, String>, String> answer, boolean closeAfterEachAnswer) throws IOException {
        this.answer = answer;
        this.closeAfterEachAnswer = closeAfterEachAnswer;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tiny-policy-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers every request with {@code action=<action>}. */
    static TinyPolicyServer answering(String action) throws IOException {
        return new TinyPolicyServer(request -> "action=" + action + "\n\n", false);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<Map<String, String>> requests() {
        return requests;
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread handler = new Thread(() -> serve(socket), "tiny-policy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            Map<String, String> request = new LinkedHashMap<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    int equals = line.indexOf('=');
                    request.put(line.substring(0, equals), line.substring(equals + 1));
                    continue;
                }
                requests.add(request);
                String reply = answer.apply(request);
                request = new LinkedHashMap<>();
                if (reply == null) {
                    continue;
                }
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (closeAfterEachAnswer) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away; nothing to do.
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}

package org.postern.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server for tests, listening on UDP and TCP on the same free port of
 * 127.0.0.1 (never any other address).
 *
 * <p>Behaviour:
 * <ul>
 *   <li>unknown names answer NXDOMAIN; a known name without a record of the asked type answers
 *   NOERROR with an empty answer section (NODATA); a name that only exists because a longer known
 *   name lies below it (an "empty non-terminal") answers NODATA too;</li>
 *   <li>CNAMEs are followed inside the server's own data;</li>
 *   <li>{@link #servfail(String)} makes a name answer SERVFAIL for every type, {@link #timeout(String)}
 *   makes it never answer, {@link #delay(String, Duration)} makes it answer late (over UDP);</li>
 *   <li>names are case-insensitive and may be given absolute ({@code "example.com."}) or relative
 *   ({@code "example.com"}, taken as relative to the root);</li>
 *   <li>over UDP, a response larger than 512 bytes (or than the payload size the client announced in
 *   EDNS) is truncated and gets the TC flag; over TCP, messages carry a 2-byte length prefix and a
 *   connection may carry several queries;</li>
 *   <li>records are served with a TTL of {@link #defaultTtl(long)} seconds, 0 unless changed, so that
 *   a caching client sees changes at once.</li>
 * </ul>
 * All methods are thread-safe; records may be changed while the server is answering.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private static final int PLAIN_UDP_LIMIT = 512;
    private static final int MAX_CNAME_HOPS = 16;
    private static final int BIND_ATTEMPTS = 20;

    private enum Mode { NORMAL, SERVFAIL, TIMEOUT }

    private record Entry(List<Record> records, Mode mode) {
        static final Entry EMPTY = new Entry(List.of(), Mode.NORMAL);

        Entry with(Record record) {
            List<Record> copy = new ArrayList<>(records);
            if (!copy.contains(record)) {
                copy.add(record);
            }
            return new Entry(List.copyOf(copy), mode);
        }

        Entry with(Mode newMode) {
            return new Entry(records, newMode);
        }
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final int port;
    private final Map<Name, Entry> zone = new ConcurrentHashMap<>();
    private final Map<Name, AtomicInteger> queryCounts = new ConcurrentHashMap<>();
    private final Map<Name, Duration> delays = new ConcurrentHashMap<>();
    private final ScheduledExecutorService lateAnswers = Executors.newSingleThreadScheduledExecutor(daemonThreads("loopback-dns-late"));
    private final AtomicInteger totalQueries = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService tcpWorkers;
    private final Thread udpThread;
    private final Thread acceptThread;
    private volatile long ttl = 0;
    private volatile boolean closed;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.port = tcp.getLocalPort();
        this.tcpWorkers = Executors.newCachedThreadPool(daemonThreads("loopback-dns-tcp-" + port));
        this.udpThread = daemonThreads("loopback-dns-udp-" + port).newThread(this::serveUdp);
        this.acceptThread = daemonThreads("loopback-dns-accept-" + port).newThread(this::acceptTcp);
        udpThread.start();
        acceptThread.start();
    }

    /** Starts a server on a free port of 127.0.0.1 (the same port for UDP and TCP). */
    public static LoopbackDnsServer start() {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(loopback(), 0));
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), tcp.getLocalPort()));
                return new LoopbackDnsServer(udp, tcp);
            } catch (IOException e) {
                // the UDP side of the port was taken: try another port
                last = e;
                closeQuietly(tcp);
            }
        }
        throw new UncheckedIOException("Could not bind a DNS server on 127.0.0.1 (UDP and TCP on one port)", last);
    }

    /** Starts a server on the given port of 127.0.0.1 (UDP and TCP), e.g. to restart on a known port. */
    public static LoopbackDnsServer start(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
        ServerSocket tcp = null;
        try {
            tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(loopback(), port));
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), port));
            return new LoopbackDnsServer(udp, tcp);
        } catch (IOException e) {
            closeQuietly(tcp);
            throw new UncheckedIOException("Could not bind a DNS server on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code "127.0.0.1:NNNN"}, the form a {@code DNS_SERVERS} entry takes. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(loopback(), port);
    }

    /** TTL, in seconds, of the records added from now on (0 by default: clients do not cache them). */
    public LoopbackDnsServer defaultTtl(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("TTL must not be negative: " + seconds);
        }
        this.ttl = seconds;
        return this;
    }

    public LoopbackDnsServer a(String name, String ipv4) {
        return add(new ARecord(name(name), DClass.IN, ttl, literal(ipv4, Address.IPv4)));
    }

    public LoopbackDnsServer aaaa(String name, String ipv6) {
        return add(new AAAARecord(name(name), DClass.IN, ttl, literal(ipv6, Address.IPv6)));
    }

    public LoopbackDnsServer mx(String domain, int preference, String exchange) {
        return add(new MXRecord(name(domain), DClass.IN, ttl, preference, name(exchange)));
    }

    /**
     * Adds a TXT record holding {@code text}; text longer than 255 characters is split into several
     * character-strings of at most 255, as SPF and DKIM records are published.
     */
    public LoopbackDnsServer txt(String name, String text) {
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < text.length(); start += 255) {
            strings.add(text.substring(start, Math.min(text.length(), start + 255)));
        }
        if (strings.isEmpty()) {
            strings.add("");
        }
        return txt(name, strings);
    }

    /** Adds a TXT record made of the given character-strings (each at most 255 bytes). */
    public LoopbackDnsServer txt(String name, List<String> strings) {
        return add(new TXTRecord(name(name), DClass.IN, ttl, strings));
    }

    /** Adds a PTR record for {@code ip} (IPv4 or IPv6), under in-addr.arpa or ip6.arpa. */
    public LoopbackDnsServer ptr(String ip, String name) {
        Name reverse;
        try {
            reverse = ReverseMap.fromAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address: " + ip, e);
        }
        return add(new PTRRecord(reverse, DClass.IN, ttl, name(name)));
    }

    public LoopbackDnsServer cname(String name, String target) {
        return add(new CNAMERecord(name(name), DClass.IN, ttl, name(target)));
    }

    /** Adds any record (SRV, TLSA, ...) as given, with its own TTL. Its name must be absolute. */
    public LoopbackDnsServer add(Record record) {
        zone.compute(record.getName(), (key, entry) -> (entry == null ? Entry.EMPTY : entry).with(record));
        return this;
    }

    /** From now on, every query for {@code name} (any type) answers SERVFAIL. */
    public LoopbackDnsServer servfail(String name) {
        return mode(name, Mode.SERVFAIL);
    }

    /** From now on, queries for {@code name} (any type) are never answered. */
    public LoopbackDnsServer timeout(String name) {
        return mode(name, Mode.TIMEOUT);
    }

    /** From now on, UDP queries for {@code name} (any type) are answered after {@code delay}. */
    public LoopbackDnsServer delay(String name, Duration delay) {
        delays.put(name(name), delay);
        return this;
    }

    /** Undoes {@link #servfail(String)} or {@link #timeout(String)}: the name's records are served again. */
    public LoopbackDnsServer clearFailure(String name) {
        Name key = name(name);
        zone.computeIfPresent(key, (k, entry) -> entry.records().isEmpty() ? null : entry.with(Mode.NORMAL));
        return this;
    }

    /** Forgets the name: its records and any failure mode. It answers NXDOMAIN again. */
    public LoopbackDnsServer remove(String name) {
        zone.remove(name(name));
        return this;
    }

    /** Forgets every name. */
    public LoopbackDnsServer clear() {
        zone.clear();
        return this;
    }

    /** Queries received for {@code name} (any type, UDP and TCP, answered or not). */
    public int queryCount(String name) {
        AtomicInteger count = queryCounts.get(name(name));
        return count == null ? 0 : count.get();
    }

    /** Queries received for any name. */
    public int totalQueryCount() {
        return totalQueries.get();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        closeQuietly(tcp);
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
        tcpWorkers.shutdownNow();
        lateAnswers.shutdownNow();
        try {
            udpThread.join(2000);
            acceptThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LoopbackDnsServer[" + hostAndPort() + "]";
    }

    private LoopbackDnsServer mode(String name, Mode mode) {
        zone.compute(name(name), (key, entry) -> (entry == null ? Entry.EMPTY : entry).with(mode));
        return this;
    }

    // ---------------------------------------------------------------- serving

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            byte[] response = respond(query, false);
            if (response != null) {
                DatagramPacket answer = new DatagramPacket(response, response.length, packet.getSocketAddress());
                Duration delay = delayOf(query);
                if (delay.isZero()) {
                    sendQuietly(answer);
                } else {
                    lateAnswers.schedule(() -> sendQuietly(answer), delay.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void sendQuietly(DatagramPacket answer) {
        try {
            udp.send(answer);
        } catch (IOException e) {
            // closing, or the client is gone
        }
    }

    private Duration delayOf(byte[] query) {
        if (delays.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Record question = new Message(query).getQuestion();
            return question == null ? Duration.ZERO : delays.getOrDefault(question.getName(), Duration.ZERO);
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    private void acceptTcp() {
        while (!closed) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            connections.add(socket);
            try {
                tcpWorkers.execute(() -> serveTcp(socket));
            } catch (RuntimeException rejected) {
                connections.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] response = respond(query, true);
                if (response != null) {
                    byte[] framed = new byte[response.length + 2];
                    framed[0] = (byte) (response.length >>> 8);
                    framed[1] = (byte) response.length;
                    System.arraycopy(response, 0, framed, 2, response.length);
                    out.write(framed);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // client went away or server closing
        } finally {
            connections.remove(socket);
        }
    }

    /** The wire response to a wire query, or null when nothing must be sent. */
    private byte[] respond(byte[] wire, boolean overTcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return formErr(wire);
        }
        Record question = query.getQuestion();
        if (question != null) {
            totalQueries.incrementAndGet();
            queryCounts.computeIfAbsent(question.getName(), k -> new AtomicInteger()).incrementAndGet();
        }

        Message response = new Message(query.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        header.setOpcode(query.getHeader().getOpcode());
        OPTRecord clientOpt = query.getOPT();
        if (clientOpt != null) {
            response.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            header.setRcode(Rcode.NOTIMP);
            return toWire(response, clientOpt, overTcp);
        }
        if (question == null) {
            header.setRcode(Rcode.FORMERR);
            return toWire(response, clientOpt, overTcp);
        }
        response.addRecord(question, Section.QUESTION);
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            header.setRcode(Rcode.REFUSED);
            return toWire(response, clientOpt, overTcp);
        }

        int type = question.getType();
        Name current = question.getName();
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            Entry entry = zone.get(current);
            if (entry == null) {
                boolean emptyNonTerminal = hop == 0 && hasNamesBelow(current);
                if (!emptyNonTerminal) {
                    header.setRcode(Rcode.NXDOMAIN);
                }
                break;
            }
            if (entry.mode() == Mode.TIMEOUT) {
                return null;
            }
            if (entry.mode() == Mode.SERVFAIL) {
                Message failure = new Message(query.getHeader().getID());
                failure.getHeader().setFlag(Flags.QR);
                failure.getHeader().setRcode(Rcode.SERVFAIL);
                if (query.getHeader().getFlag(Flags.RD)) {
                    failure.getHeader().setFlag(Flags.RD);
                }
                failure.addRecord(question, Section.QUESTION);
                if (clientOpt != null) {
                    failure.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
                }
                return toWire(failure, clientOpt, overTcp);
            }
            header.setFlag(Flags.AA);
            List<Record> matching = new ArrayList<>();
            Record alias = null;
            for (Record record : entry.records()) {
                if (record.getType() == type || type == Type.ANY) {
                    matching.add(record);
                } else if (record.getType() == Type.CNAME) {
                    alias = record;
                }
            }
            if (!matching.isEmpty()) {
                matching.forEach(record -> response.addRecord(record, Section.ANSWER));
                break;
            }
            if (alias == null) {
                break; // NODATA
            }
            response.addRecord(alias, Section.ANSWER);
            current = ((CNAMERecord) alias).getTarget();
        }
        return toWire(response, clientOpt, overTcp);
    }

    private boolean hasNamesBelow(Name name) {
        for (Name known : zone.keySet()) {
            if (!known.equals(name) && known.subdomain(name)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] toWire(Message response, OPTRecord clientOpt, boolean overTcp) {
        if (overTcp) {
            return response.toWire(65535);
        }
        int limit = clientOpt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, clientOpt.getPayloadSize());
        // toWire(limit) leaves out what does not fit and sets TC
        return response.toWire(limit);
    }

    private static byte[] formErr(byte[] wire) {
        if (wire.length < 2) {
            return null;
        }
        Message response = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        return response.toWire();
    }

    // ---------------------------------------------------------------- helpers

    private static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Not a domain name: " + name, e);
        }
    }

    private static InetAddress literal(String ip, int family) {
        try {
            return Address.getByAddress(ip, family);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IPv" + (family == Address.IPv4 ? "4" : "6") + " address: " + ip, e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }
}

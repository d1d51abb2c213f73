package org.postern.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.postern.config.InvalidConfigurationException;
import org.xbill.DNS.Address;

/**
 * One DNS server to send queries to: a host (IPv4 literal, IPv6 literal or host name) and a port.
 *
 * <p>Written {@code host[:port]}: {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code ::1},
 * {@code [::1]:5353}, {@code [::1]}, {@code dns.example.net}, {@code dns.example.net:5353}. The port
 * defaults to 53.
 *
 * @param host an IP literal (IPv6 without brackets) or a host name
 * @param port 1-65535
 */
public record DnsServerAddress(String host, int port) {

    public static final int DEFAULT_PORT = 53;

    private static final String SHAPE = "is not host[:port]";
    private static final String PORT_RULE = "(port must be 1-65535)";
    private static final String HOST_RULE = "(host must be an IPv4 address, an IPv6 address or a host name;"
        + " write an IPv6 address with a port as [::1]:5353)";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    public DnsServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
    }

    /** A server on the default port 53. */
    public static DnsServerAddress of(String host) {
        return new DnsServerAddress(host, DEFAULT_PORT);
    }

    /**
     * Parses one {@code host[:port]} entry.
     *
     * @param entry  the text as written by the admin
     * @param source where it was written (e.g. {@code "DNS_SERVERS"}), named in the error message
     * @throws InvalidConfigurationException naming the source and the entry when it is not host[:port]
     */
    public static DnsServerAddress parse(String entry, String source) {
        String text = entry == null ? "" : entry.trim();
        if (text.isEmpty()) {
            throw invalid(source, entry, "(empty entry)");
        }
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw invalid(source, entry, "(missing ']' after the IPv6 address)");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(source, entry, PORT_RULE);
                }
                port = rest.substring(1);
            }
            if (!isIpv6(host)) {
                throw invalid(source, entry, "(only an IPv6 address may be written in brackets)");
            }
        } else {
            int colons = text.length() - text.replace(":", "").length();
            if (colons > 1) {
                host = text;
                if (!isIpv6(host)) {
                    throw invalid(source, entry, HOST_RULE);
                }
            } else if (colons == 1) {
                int colon = text.indexOf(':');
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            } else {
                host = text;
            }
            if (colons <= 1 && !isIpv4(host) && !isHostName(host)) {
                throw invalid(source, entry, HOST_RULE);
            }
        }
        return new DnsServerAddress(host, port == null ? DEFAULT_PORT : parsePort(port, source, entry));
    }

    /**
     * Parses a list of {@code host[:port]} entries separated by commas and/or white space. A blank
     * list gives an empty list.
     *
     * @throws InvalidConfigurationException naming the source and the first bad entry
     */
    public static List<DnsServerAddress> parseList(String list, String source) {
        List<DnsServerAddress> servers = new ArrayList<>();
        if (list == null) {
            return servers;
        }
        for (String entry : SEPARATORS.split(list.trim())) {
            if (!entry.isEmpty()) {
                servers.add(parse(entry, source));
            }
        }
        return List.copyOf(servers);
    }

    /** Whether the host is an IP literal (no lookup needed to reach the server). */
    public boolean isIpLiteral() {
        return isIpv4(host) || isIpv6(host);
    }

    /**
     * The socket address to query. IP literals are converted without any lookup; a host name is
     * resolved with the JVM's resolver.
     *
     * @throws UnknownHostException when a host name does not resolve
     */
    public InetSocketAddress toSocketAddress() throws UnknownHostException {
        byte[] v4 = Address.toByteArray(host, Address.IPv4);
        if (v4 != null) {
            return new InetSocketAddress(InetAddress.getByAddress(v4), port);
        }
        byte[] v6 = Address.toByteArray(host, Address.IPv6);
        if (v6 != null) {
            return new InetSocketAddress(InetAddress.getByAddress(v6), port);
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** {@code host:port}, with brackets around an IPv6 address: the form {@link #parse} reads back. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int parsePort(String port, String source, String entry) {
        if (!DIGITS.matcher(port).matches()) {
            throw invalid(source, entry, PORT_RULE);
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw invalid(source, entry, PORT_RULE);
        }
        return value;
    }

    private static boolean isIpv4(String host) {
        return Address.isDottedQuad(host);
    }

    private static boolean isIpv6(String host) {
        return host.indexOf(':') >= 0 && Address.toByteArray(host, Address.IPv6) != null;
    }

    private static boolean isHostName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // all-numeric dotted text is a mistyped IPv4 address (e.g. 1.2.3.999), not a name
        return !labels[labels.length - 1].toLowerCase(Locale.ROOT).matches("\\d+");
    }

    private static InvalidConfigurationException invalid(String source, String entry, String why) {
        return new InvalidConfigurationException(source + ": '" + entry + "' " + SHAPE + " " + why);
    }
}

package org.postern.policy.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;

/**
 * An address list such as Postfix's {@code mynetworks}: IPv4 and IPv6 addresses and CIDR networks
 * ({@code 127.0.0.0/8 [::1]/128 192.168.0.0/16}), separated by blanks or commas, optionally negated
 * with {@code !}; the first entry that matches decides. Host names, files and tables are not accepted:
 * the list is the door to relaying and must not depend on DNS. Immutable.
 */
public final class Networks {
    /** Postfix's mynetworks_style=host, reduced to what we can know without the interfaces: loopback. */
    public static final String LOOPBACK = "127.0.0.0/8 [::1]/128";

    private record Network(IpAddress base, int prefixLength, boolean negated) {
        boolean contains(IpAddress address) {
            return address.sharesPrefix(base, prefixLength);
        }
    }

    private final List<Network> networks;
    private final String text;

    private Networks(List<Network> networks, String text) {
        this.networks = List.copyOf(networks);
        this.text = text;
    }

    /**
     * Parses a list.
     *
     * @param source the file, named in errors
     * @param parameter the parameter, e.g. {@code mynetworks}, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and the bad entry
     */
    public static Networks parse(String source, String parameter, String value) {
        List<Network> networks = new ArrayList<>();
        for (String token : value.strip().split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                networks.add(parseEntry(token));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(source + ": " + parameter + ": \"" + token + "\": " + e.getMessage());
            }
        }
        return new Networks(networks, value.strip());
    }

    /** True when {@code address} (an IP address in text form) is in the list; false for "unknown" or garbage. */
    public boolean contains(String address) {
        Optional<IpAddress> parsed = IpAddress.parse(address);
        return parsed.isPresent() && contains(parsed.get());
    }

    public boolean contains(IpAddress address) {
        for (Network network : networks) {
            if (network.contains(address)) {
                return !network.negated();
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Network parseEntry(String token) {
        boolean negated = token.startsWith("!");
        String entry = negated ? token.substring(1) : token;
        int slash = entry.lastIndexOf('/');
        String addressPart = slash < 0 ? entry : entry.substring(0, slash);
        if (addressPart.startsWith("[") && addressPart.endsWith("]")) {
            addressPart = addressPart.substring(1, addressPart.length() - 1);
        }
        if (entry.startsWith("/") || (entry.indexOf(':') > 0 && !entry.startsWith("[") && IpAddress.parse(addressPart).isEmpty())) {
            throw new IllegalArgumentException("files and lookup tables are not supported here; list addresses and networks");
        }
        IpAddress address = IpAddress.parse(addressPart).orElseThrow(() -> new IllegalArgumentException(
            "not an IP address or network (host and domain names are not supported here)"));
        int maxPrefix = address.isIpv4() ? 32 : 128;
        int prefixLength = maxPrefix;
        if (slash >= 0) {
            String prefix = entry.substring(slash + 1);
            if (!prefix.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("bad network prefix length");
            }
            prefixLength = Integer.parseInt(prefix);
            // [::ffff:127.0.0.0]/104 names an IPv4 network in IPv6 notation; we hold it as IPv4.
            if (address.isIpv4() && addressPart.indexOf(':') >= 0) {
                prefixLength -= 96;
            }
            if (prefixLength < 0 || prefixLength > maxPrefix) {
                throw new IllegalArgumentException("bad network prefix length");
            }
        }
        IpAddress network = address.network(prefixLength);
        if (!network.equals(address)) {
            throw new IllegalArgumentException("non-null host address bits, perhaps you should use \""
                + (network.isIpv4() ? network.toString() : "[" + network + "]") + "/" + prefixLength + "\" instead");
        }
        return new Network(address, prefixLength, negated);
    }
}

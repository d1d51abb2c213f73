package org.postern.policy.restriction;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.dns.MailExchanger;

/** DNS answers set up by a test; unknown names are not found; every question is recorded. */
public final class FakeDns implements DnsLookups {
    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Map<String, List<MailExchanger>> exchangers = new HashMap<>();
    private final Map<String, List<String>> texts = new HashMap<>();
    private final Map<String, List<String>> pointers = new HashMap<>();
    private final Set<String> failing = new HashSet<>();
    private final List<String> questions = new ArrayList<>();

    public FakeDns address(String name, String... ips) {
        List<InetAddress> list = addresses.computeIfAbsent(name, n -> new ArrayList<>());
        for (String ip : ips) {
            try {
                list.add(InetAddress.getByName(ip));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(ip, e);
            }
        }
        return this;
    }

    public FakeDns mx(String domain, String host) {
        exchangers.computeIfAbsent(domain, n -> new ArrayList<>()).add(new MailExchanger(10, host));
        return this;
    }

    public FakeDns nullMx(String domain) {
        exchangers.computeIfAbsent(domain, n -> new ArrayList<>()).add(new MailExchanger(0, "."));
        return this;
    }

    public FakeDns txt(String name, String text) {
        texts.computeIfAbsent(name, n -> new ArrayList<>()).add(text);
        return this;
    }

    /** A PTR record for an address (asked as the address itself). */
    public FakeDns ptr(String address, String name) {
        pointers.computeIfAbsent(address, n -> new ArrayList<>()).add(name);
        return this;
    }

    /** Every question about {@code name} times out. */
    public FakeDns failing(String name) {
        failing.add(name);
        return this;
    }

    public List<String> questions() {
        return questions;
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String name) {
        return answer("A/AAAA " + name, name, addresses);
    }

    @Override
    public DnsAnswer<MailExchanger> mailExchangers(String domain) {
        return answer("MX " + domain, domain, exchangers);
    }

    @Override
    public DnsAnswer<String> texts(String name) {
        return answer("TXT " + name, name, texts);
    }

    @Override
    public DnsAnswer<String> pointers(String address) {
        return answer("PTR " + address, address, pointers);
    }

    private <T> DnsAnswer<T> answer(String question, String name, Map<String, List<T>> records) {
        questions.add(question);
        if (failing.contains(name)) {
            return DnsAnswer.temporaryFailure("timeout");
        }
        List<T> found = records.get(name);
        return found == null ? DnsAnswer.notFound() : DnsAnswer.found(found);
    }
}

package org.postern.server;

import java.util.LinkedHashMap;
import java.util.Map;

import org.postern.tls.ServerKeystore;

/**
 * The values the shipped configuration files read as {@code ${sys:postern.*}}: the environment contract
 * (ports, addresses, host name, data directory) and the prepared TLS keystore. Published as system
 * properties because that is what James's commons-configuration files can interpolate.
 */
final class ConfigurationPlaceholders {
    private ConfigurationPlaceholders() {
    }

    static Map<String, String> of(ServerSettings settings, ServerKeystore keystore) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("postern.hostname", settings.hostname());
        values.put("postern.data.dir", settings.dataDirectory().toString());
        values.put("postern.conf.dir", settings.confDirectory().toString());
        values.put("postern.bind", settings.bindAddress());
        values.put("postern.webadmin.bind", settings.listener("WEBADMIN_PORT").bindAddress());
        values.put("postern.port.smtp", port(settings, "SMTP_PORT"));
        values.put("postern.port.submission", port(settings, "SUBMISSION_PORT"));
        values.put("postern.port.smtps", port(settings, "SMTPS_PORT"));
        values.put("postern.port.imap", port(settings, "IMAP_PORT"));
        values.put("postern.port.imaps", port(settings, "IMAPS_PORT"));
        values.put("postern.port.pop3", port(settings, "POP3_PORT"));
        values.put("postern.port.pop3s", port(settings, "POP3S_PORT"));
        values.put("postern.port.managesieve", port(settings, "MANAGESIEVE_PORT"));
        values.put("postern.port.webadmin", port(settings, "WEBADMIN_PORT"));
        values.put("postern.tls.keystore", keystore.keystoreUrl());
        values.put("postern.tls.keystore.type", keystore.type());
        values.put("postern.tls.secret", keystore.password());
        values.put("postern.dns.servers", settings.dnsServers().orElse(""));
        values.put("postern.spool.threads", String.valueOf(spoolThreads(Runtime.getRuntime().availableProcessors())));
        return values;
    }

    /**
     * Threads taking mail off the spool (mailetcontainer.xml): local delivery is CPU and database work, so
     * one core is left to the protocols — on 2 cores the server then accepts a burst 25-40 % faster for the
     * same delivery rate (docs/performance.md).
     */
    static int spoolThreads(int cores) {
        return Math.max(1, cores - 1);
    }

    static void publish(Map<String, String> values) {
        values.forEach(System::setProperty);
    }

    private static String port(ServerSettings settings, String variable) {
        return String.valueOf(settings.listener(variable).port());
    }
}

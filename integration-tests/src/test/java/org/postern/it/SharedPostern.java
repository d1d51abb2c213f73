package org.postern.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postern.testing.LoopbackDnsServer;

/**
 * One server (and its loopback DNS server) shared by the test classes that don't restart or kill it,
 * started once per test run and stopped when the run ends.
 */
public final class SharedPostern implements BeforeAllCallback {
    public static final String REMOTE_DOMAIN = "remote.test";

    private static Resources resources;

    private static final class Resources implements ExtensionContext.Store.CloseableResource {
        final LoopbackDnsServer dns;
        final PosternProcess server;

        Resources() {
            dns = LoopbackDnsServer.start()
                .mx(REMOTE_DOMAIN, 10, "mx." + REMOTE_DOMAIN)
                .a("mx." + REMOTE_DOMAIN, "127.0.0.1");
            server = PosternProcess.builder().dnsServer(dns.hostAndPort()).build().start();
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                dns.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedPostern.class) {
            if (resources == null) {
                resources = new Resources();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedPostern.class, resources);
            }
        }
    }

    public static PosternProcess server() {
        return resources.server;
    }

    public static LoopbackDnsServer dns() {
        return resources.dns;
    }
}

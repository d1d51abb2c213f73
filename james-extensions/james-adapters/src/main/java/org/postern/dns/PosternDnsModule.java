package org.postern.dns;

import org.apache.james.dnsservice.dnsjava.DNSJavaService;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Replaces James's {@link DNSJavaService} with {@link PosternDnsService}. Meant to override James's
 * {@code DNSServiceModule}:
 *
 * <pre>{@code Modules.override(new DNSServiceModule()).with(new PosternDnsModule())}</pre>
 *
 * James's module keeps binding {@code DNSService} to {@code DNSJavaService} and its initialization
 * operation keeps calling {@code configure(dnsservice.xml)} then {@code init()} on the injected
 * {@code DNSJavaService}: both now reach the one {@link PosternDnsService} singleton. Installed next
 * to {@code DNSServiceModule} without {@code Modules.override}, Guice would report the
 * {@code DNSJavaService} binding twice.
 */
public class PosternDnsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(PosternDnsService.class).in(Scopes.SINGLETON);
        bind(DNSJavaService.class).to(PosternDnsService.class);
    }
}

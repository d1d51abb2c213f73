package org.postern.policy.james;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.MailetContext;
import org.postern.dns.PosternDnsService;
import org.postern.policy.access.AccessRestrictions;
import org.postern.policy.access.AccessTableKind;
import org.postern.policy.address.AddressRestrictions;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.address.RelocatedUsers;
import org.postern.policy.client.ClientRestrictions;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.dnsbl.DnsListRestrictions;
import org.postern.policy.generic.GenericRestrictions;
import org.postern.policy.helo.HeloRestrictions;
import org.postern.policy.login.InMemoryLoginFailureStore;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.policyservice.PolicyServiceRestrictions;
import org.postern.policy.relay.RelayRestrictions;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.PolicyEngine;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.senderlogin.SenderLoginRestrictions;
import org.postern.policy.senderlogin.SenderLogins;
import org.postern.policy.settings.PolicyFile;
import org.postern.policy.table.LookupTables;
import org.postern.policy.table.TableKinds;
import org.postern.policy.table.TableResolver;
import org.postern.policy.table.TableStore;
import org.postern.policy.virtual.VirtualSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * The SMTP restriction lists: the restriction features (each one binding; add yours with
 * {@code Multibinder.newSetBinder(binder(), RestrictionFeature.class).addBinding().to(...)}), their collaborators
 * backed by James (domains, users, aliases, the DNS resolver), and {@code conf/policy.cf} parsed once at startup,
 * bound as {@link RestrictionsByServer} for the SMTP hooks and webadmin's dry run; and the count of failed logins
 * ({@link LoginFailures}) every listener and webadmin share. Where {@code db:} tables live is the
 * {@code TableStore} binding's business (JpaTableStoreModule).
 */
public class PolicyModule extends AbstractModule {
    private static final String SOURCE = "conf/" + PolicyFile.FILE_NAME;

    @Override
    protected void configure() {
        Multibinder<RestrictionFeature> features = Multibinder.newSetBinder(binder(), RestrictionFeature.class);
        features.addBinding().to(GenericRestrictions.class);
        features.addBinding().to(ClientRestrictions.class);
        features.addBinding().to(HeloRestrictions.class);
        features.addBinding().to(AddressRestrictions.class);
        features.addBinding().to(RelayRestrictions.class);
        features.addBinding().to(DnsListRestrictions.class);
        features.addBinding().to(AccessRestrictions.class);
        features.addBinding().to(SenderLoginRestrictions.class);
        features.addBinding().to(PolicyServiceRestrictions.class);
    }

    @Provides
    @Singleton
    LookupTables lookupTables(JamesDirectoriesProvider directories, TableStore store) {
        return new LookupTables(Path.of(directories.getConfDirectory()), store);
    }

    /** What a db: table may map: webadmin checks entries by their table's kind. */
    @Provides
    @Singleton
    TableKinds tableKinds() {
        return TableKinds.withAddressKinds(AccessTableKind.ACCESS);
    }

    @Provides
    @Singleton
    TableResolver tableResolver(LookupTables tables) {
        return (reference, kind) -> tables.open(reference, kind, SOURCE);
    }

    @Provides
    @Singleton
    DnsLookups dnsLookups(PosternDnsService dns) {
        return new ResolverDnsLookups(dns::resolver, Clock.systemUTC());
    }

    @Provides
    @Singleton
    Destinations destinations(DomainList domains) {
        return new HostedDestinations(domains);
    }

    @Provides
    @Singleton
    LocalRecipients localRecipients(DomainList domains, UsersRepository users, RecipientRewriteTable aliases,
                                    MailetContext mailetContext) {
        return new MailboxRecipients(domains, users, aliases, () -> Optional.ofNullable(mailetContext.getPostmaster()));
    }

    @Provides
    @Singleton
    SenderLogins senderLogins(UsersRepository users, RecipientRewriteTable aliases) {
        return new AliasSenderLogins(users, aliases);
    }

    @Provides
    @Singleton
    PolicyEngine policyEngine(Set<RestrictionFeature> features, Destinations destinations, DnsLookups dns) {
        return new PolicyEngine(List.copyOf(features), destinations, dns);
    }

    @Provides
    @Singleton
    RestrictionsByServer restrictions(PolicyFile policyFile) {
        return policyFile;
    }

    /** recipient_delimiter and virtual_role_accounts of conf/policy.cf, for the pipeline's virtual alias expansion. */
    @Provides
    @Singleton
    VirtualSettings virtualSettings(PolicyFile policyFile) {
        return policyFile.virtualSettings();
    }

    /** The global relocated_maps, for the pipeline's IsRelocated matcher and RelocatedBounce mailet. */
    @Provides
    @Singleton
    RelocatedUsers relocatedUsers(PolicyFile policyFile, TableResolver tables) {
        return RelocatedUsers.open(policyFile.relocatedMaps(), tables, policyFile.virtualSettings().delimiter(), SOURCE);
    }

    /** Failed logins of every protocol, counted per client address, in this server's memory. */
    @Provides
    @Singleton
    LoginFailures loginFailures(PolicyFile policyFile) {
        return new LoginFailures(policyFile.loginFailures(), new InMemoryLoginFailureStore(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    PolicyFile policyFile(JamesDirectoriesProvider directories, PolicyEngine engine) {
        return PolicyFile.read(Path.of(directories.getConfDirectory()), builtInParameters(), engine);
    }

    /** What Postfix computes itself and the file may refer to: $myhostname, $mydomain. */
    static Map<String, String> builtInParameters() {
        String hostname = System.getProperty("postern.hostname", "localhost");
        int dot = hostname.indexOf('.');
        String domain = dot > 0 && dot < hostname.length() - 1 ? hostname.substring(dot + 1) : "localdomain";
        return Map.of("myhostname", hostname, "mydomain", domain);
    }
}

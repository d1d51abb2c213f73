package org.postern.policy.james;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.MailetContext;
import org.postern.dns.PosternDnsService;
import org.postern.policy.login.InMemoryLoginFailureStore;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.restriction.RestrictionEnvironment;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.table.LookupTables;
import org.postern.policy.table.TableStore;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The SMTP restriction lists: {@code conf/policy.cf} parsed once at startup against James's domains,
 * users, aliases and DNS resolver, bound as {@link RestrictionsByServer} for the SMTP hooks (and webadmin's
 * dry run); and the count of failed logins ({@link LoginFailures}) every listener and webadmin share. Where {@code db:} tables live is the {@code TableStore} binding's business (JpaTableStoreModule).
 */
public class PolicyModule extends AbstractModule {

    @Provides
    @Singleton
    LookupTables lookupTables(JamesDirectoriesProvider directories, TableStore store) {
        return new LookupTables(Path.of(directories.getConfDirectory()), store);
    }

    @Provides
    @Singleton
    RestrictionsByServer restrictions(PolicyFile policyFile) {
        return policyFile;
    }

    /** Failed logins of every protocol, counted per client address, in this server's memory. */
    @Provides
    @Singleton
    LoginFailures loginFailures(PolicyFile policyFile) {
        return new LoginFailures(policyFile.loginFailures(), new InMemoryLoginFailureStore(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    PolicyFile policyFile(JamesDirectoriesProvider directories, LookupTables tables, DomainList domains,
                                      UsersRepository users, RecipientRewriteTable aliases,
                                      PosternDnsService dns, MailetContext mailetContext) {
        String source = "conf/" + PolicyFile.FILE_NAME;
        RestrictionEnvironment environment = RestrictionEnvironment.builder()
            .tables(reference -> tables.open(reference, source))
            .dns(new ResolverDnsLookups(dns::resolver, Clock.systemUTC()))
            .destinations(new HostedDestinations(domains))
            .localRecipients(new MailboxRecipients(domains, users, aliases, mailetContext::isLocalEmail,
                () -> Optional.ofNullable(mailetContext.getPostmaster())))
            .senderLogins(new AliasSenderLogins(users, aliases))
            .build();
        return PolicyFile.read(Path.of(directories.getConfDirectory()), builtInParameters(), environment);
    }

    /** What Postfix computes itself and the file may refer to: $myhostname, $mydomain. */
    static Map<String, String> builtInParameters() {
        String hostname = System.getProperty("postern.hostname", "localhost");
        int dot = hostname.indexOf('.');
        String domain = dot > 0 && dot < hostname.length() - 1 ? hostname.substring(dot + 1) : "localdomain";
        return Map.of("myhostname", hostname, "mydomain", domain);
    }
}

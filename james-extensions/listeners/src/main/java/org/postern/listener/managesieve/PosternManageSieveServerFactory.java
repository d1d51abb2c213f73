package org.postern.listener.managesieve;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.managesieve.jsieve.Parser;
import org.apache.james.managesieve.core.CoreProcessor;
import org.apache.james.managesieve.transcode.ArgumentParser;
import org.apache.james.managesieveserver.netty.ManageSieveServerFactory;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.user.api.UsersRepository;
import org.postern.policy.login.LoginFailures;

/**
 * Builds the ManageSieve servers of managesieveserver.xml as {@link PosternManageSieveServer}s, sharing one
 * {@link PosternManageSieveProcessor}.
 */
public class PosternManageSieveServerFactory extends ManageSieveServerFactory {
    /** James's own maximum command length for ManageSieve. */
    private static final int MAX_LINE_LENGTH = 8000;

    private final LoginFailures loginFailures;
    private FileSystem fileSystem;
    private SieveRepository sieveRepository;
    private UsersRepository usersRepository;
    private Parser parser;
    private PosternManageSieveProcessor processor;

    @Inject
    public PosternManageSieveServerFactory(LoginFailures loginFailures) {
        this.loginFailures = loginFailures;
    }

    @Override
    @Inject
    public void setFileSystem(FileSystem fileSystem) {
        super.setFileSystem(fileSystem);
        this.fileSystem = fileSystem;
    }

    @Override
    @Inject
    public void setSieveRepository(SieveRepository sieveRepository) {
        super.setSieveRepository(sieveRepository);
        this.sieveRepository = sieveRepository;
    }

    @Override
    @Inject
    public void setUsersRepository(UsersRepository usersRepository) {
        super.setUsersRepository(usersRepository);
        this.usersRepository = usersRepository;
    }

    @Override
    @Inject
    public void setParser(Parser parser) {
        super.setParser(parser);
        this.parser = parser;
    }

    @Override
    public void init() throws Exception {
        processor = new PosternManageSieveProcessor(new ArgumentParser(new CoreProcessor(sieveRepository, usersRepository, parser)),
            loginFailures, System.getProperty("postern.hostname", "localhost"));
        super.init();
    }

    @Override
    protected List<AbstractConfigurableAsyncServer> createServers(HierarchicalConfiguration<ImmutableNode> config) throws Exception {
        List<AbstractConfigurableAsyncServer> servers = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> serverConfig : config.configurationsAt("managesieveserver")) {
            PosternManageSieveServer server = new PosternManageSieveServer(MAX_LINE_LENGTH, processor, loginFailures);
            server.setFileSystem(fileSystem);
            server.configure(serverConfig);
            servers.add(server);
        }
        return servers;
    }
}

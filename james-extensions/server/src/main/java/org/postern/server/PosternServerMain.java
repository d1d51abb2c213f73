package org.postern.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code bin/postern}: runs the server in the foreground until SIGTERM/SIGINT. */
public final class PosternServerMain {

    private PosternServerMain() {
    }

    public static void main(String[] args) {
        // we report startup errors ourselves, in one line, instead of James calling System.exit
        System.setProperty("james.exit.on.startup.error", "false");
        Logger logger = LoggerFactory.getLogger(PosternServerMain.class);
        try {
            PosternServer server = PosternServer.start(ServerSettings.fromEnvironment(System.getenv()));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postern-shutdown"));
        } catch (Throwable failure) {
            String reason = StartupFailure.describe(failure);
            logger.error("Postern cannot start: {}", reason, failure);
            System.err.println("postern: cannot start: " + reason);
            System.exit(1);
        }
    }
}

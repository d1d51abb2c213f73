package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin's own mailet: its jar dropped in the extensions directory (EXTENSIONS_DIR), its class named in
 * mailetcontainer.xml, and it acts on delivered mail.
 */
class ExtensionJarsIT {
    private static final String DOMAIN = "extensions.test";
    private static final String USER = "alice@" + DOMAIN;
    private static final String PASSWORD = "extensions-password";
    private static final String MAILET = """
        package com.example.postern;

        import javax.mail.MessagingException;

        import org.apache.mailet.Mail;
        import org.apache.mailet.base.GenericMailet;

        public class StampMailet extends GenericMailet {
            @Override
            public void service(Mail mail) throws MessagingException {
                mail.getMessage().setHeader("X-Stamped-By", getInitParameter("stamp", "an extension"));
                mail.getMessage().saveChanges();
            }
        }
        """;

    @TempDir
    Path work;

    @Test
    void aMailetFromTheExtensionsDirectoryActsOnDeliveredMail() throws Exception {
        Path extensions = Files.createDirectories(work.resolve("extensions"));
        buildJar(extensions.resolve("stamp-mailet.jar"));
        try (PosternProcess server = PosternProcess.builder()
                .env("EXTENSIONS_DIR", extensions.toString())
                .editConf("mailetcontainer.xml", xml -> xml.replace(
                    "<mailet match=\"All\" class=\"org.postern.mailet.VirtualAliases\"/>",
                    "<mailet match=\"All\" class=\"com.example.postern.StampMailet\"><stamp>dropped-in</stamp></mailet>\n"
                        + "            <mailet match=\"All\" class=\"org.postern.mailet.VirtualAliases\"/>"))
                .build().start()) {
            server.webAdmin().createDomain(DOMAIN);
            server.webAdmin().createUser(USER, PASSWORD);
            String subject = Messages.uniqueSubject("stamped");
            try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
                smtp.ehlo("mail.remote.test");
                assertThat(smtp.send("someone@remote.test", List.of(USER), Messages.message("someone@remote.test", USER, subject, "x"))
                    .code()).isEqualTo(250);
            }

            assertThat(Mailboxes.awaitMessage(server, USER, PASSWORD, subject)).contains("X-Stamped-By: dropped-in");
            assertThat(server.currentRunLog()).contains("extension jar " + extensions.resolve("stamp-mailet.jar"));
        }
    }

    @Test
    void aMissingExtensionsDirectoryIsNamed() {
        try (PosternProcess server = PosternProcess.builder().env("EXTENSIONS_DIR", work.resolve("absent").toString()).build()) {
            server.launch();

            assertThat(server.awaitExit(Duration.ofSeconds(90))).isEqualTo(1);
            assertThat(server.currentRunLog()).contains("postern: cannot start: EXTENSIONS_DIR: " + work.resolve("absent")
                + " is not a directory");
        }
    }

    /** Compiles the mailet against the distribution's jars, as an admin would against James's, and jars it. */
    private void buildJar(Path jar) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/com/example/postern"));
        Files.writeString(sources.resolve("StampMailet.java"), MAILET);
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classpath;
        try (Stream<Path> libs = Files.list(PosternProcess.distribution().resolve("lib"))) {
            classpath = libs.map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-classpath", classpath, "-d", classes.toString(),
            sources.resolve("StampMailet.java").toString());
        assertThat(status).as("the mailet compiles").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Path compiled = classes.resolve("com/example/postern/StampMailet.class");
            out.putNextEntry(new JarEntry("com/example/postern/StampMailet.class"));
            Files.copy(compiled, out);
            out.closeEntry();
        }
    }
}

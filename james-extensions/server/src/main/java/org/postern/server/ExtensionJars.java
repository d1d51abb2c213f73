package org.postern.server;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.ExtendedClassLoader;
import org.apache.james.utils.FullyQualifiedClassName;
import org.postern.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where James finds the classes that its configuration names (mailets and matchers of mailetcontainer.xml, SMTP
 * hooks of smtpserver.xml, webadmin routes): the server's own, then the jars of the extensions directory
 * (EXTENSIONS_DIR, by default {@code extensions-jars/} next to {@code conf/}), read once at startup. That is where
 * an admin drops the jar of a mailet or matcher of their own, then names its class in mailetcontainer.xml.
 */
final class ExtensionJars extends ExtendedClassLoader {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExtensionJars.class);

    private final URLClassLoader jars;

    /** The extensions directory, as the server settings found it. */
    record Directory(Path path) {
    }

    @Inject
    ExtensionJars(FileSystem fileSystem, Directory directory) {
        super(fileSystem);
        this.jars = new URLClassLoader(urls(directory.path()), getClass().getClassLoader());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Class<T> locateClass(FullyQualifiedClassName className) throws ClassNotFoundException {
        return (Class<T>) jars.loadClass(className.getName());
    }

    private static URL[] urls(Path directory) {
        if (!Files.isDirectory(directory)) {
            return new URL[0];
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path jar : files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
                LOGGER.info("extension jar {}", jar);
            }
        } catch (MalformedURLException e) {
            throw new InvalidConfigurationException("EXTENSIONS_DIR: " + directory + ": " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidConfigurationException("EXTENSIONS_DIR: " + directory + " cannot be read: " + e.getMessage());
        }
        return urls.toArray(URL[]::new);
    }
}

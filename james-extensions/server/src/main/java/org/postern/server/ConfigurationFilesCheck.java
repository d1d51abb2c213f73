package org.postern.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.postern.config.InvalidConfigurationException;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses every XML file of the configuration directory before James reads them: James reports a broken
 * file as "Error parsing null", without its name; this check names the file, the line and the reason.
 */
final class ConfigurationFilesCheck {
    private ConfigurationFilesCheck() {
    }

    static void requireWellFormed(Path confDirectory) {
        try (Stream<Path> files = Files.list(confDirectory)) {
            files.filter(file -> file.getFileName().toString().endsWith(".xml"))
                .sorted()
                .forEach(ConfigurationFilesCheck::parse);
        } catch (IOException e) {
            throw new InvalidConfigurationException("CONF_DIR: cannot list " + confDirectory + ": " + e.getMessage(), e);
        }
    }

    private static void parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // no "[Fatal Error]" on stderr: we report it ourselves
            builder.parse(file.toFile());
        } catch (SAXParseException e) {
            throw new InvalidConfigurationException(file + " line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                + ": " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new InvalidConfigurationException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file + ": cannot be read: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.postern.config;

/**
 * A setting, file or environment variable that stops the server from starting.
 * The message always names where the bad value came from (file and element, or variable)
 * and why it is refused, because it is the only thing an admin sees before the process exits.
 */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}

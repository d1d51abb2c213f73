package org.postern.webadmin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;

/**
 * The one webadmin account, {@code admin}. Its password comes from {@code WEBADMIN_PASSWORD}; without it,
 * a random password is generated at first start and kept in {@code DATA_DIR/webadmin.password}
 * (owner-readable only), so webadmin is never open without authentication.
 */
public final class WebAdminCredentials {
    public static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "webadmin.password";
    private static final int MINIMUM_LENGTH = 8;

    private final String password;
    private final Optional<Path> generatedPasswordFile;

    private WebAdminCredentials(String password, Optional<Path> generatedPasswordFile) {
        this.password = password;
        this.generatedPasswordFile = generatedPasswordFile;
    }

    public static WebAdminCredentials resolve(Optional<String> configuredPassword, Path dataDirectory) {
        if (configuredPassword.isPresent()) {
            String password = configuredPassword.get();
            if (password.length() < MINIMUM_LENGTH) {
                throw new InvalidConfigurationException("WEBADMIN_PASSWORD: must be at least " + MINIMUM_LENGTH + " characters");
            }
            return new WebAdminCredentials(password, Optional.empty());
        }
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (stored.length() < MINIMUM_LENGTH) {
                    throw new InvalidConfigurationException(file + ": the stored webadmin password is shorter than "
                        + MINIMUM_LENGTH + " characters; delete the file to generate a new one");
                }
                return new WebAdminCredentials(stored, Optional.of(file));
            }
            String generated = generatePassword();
            Files.createDirectories(dataDirectory);
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem: nothing more we can restrict
            }
            return new WebAdminCredentials(generated, Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private static String generatePassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public boolean matches(String username, String candidatePassword) {
        boolean userMatches = java.security.MessageDigest.isEqual(
            USERNAME.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = java.security.MessageDigest.isEqual(
            password.getBytes(StandardCharsets.UTF_8), candidatePassword.getBytes(StandardCharsets.UTF_8));
        return userMatches & passwordMatches;
    }

    /** True when an HTTP {@code Authorization} header carries Basic credentials of this account. */
    public boolean authenticates(String authorizationHeader) {
        return basicCredentials(authorizationHeader)
            .map(userAndPassword -> {
                int colon = userAndPassword.indexOf(':');
                return colon > 0 && matches(userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
            })
            .orElse(false);
    }

    /** The user name an {@code Authorization} header claims, for the log; empty when it claims none. */
    public static Optional<String> claimedUser(String authorizationHeader) {
        return basicCredentials(authorizationHeader)
            .map(userAndPassword -> userAndPassword.indexOf(':') < 0 ? userAndPassword
                : userAndPassword.substring(0, userAndPassword.indexOf(':')));
    }

    private static Optional<String> basicCredentials(String header) {
        String prefix = "Basic ";
        if (header == null || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(header.substring(prefix.length()).trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Where the generated password is kept, for the startup summary; empty when it came from the environment. */
    public Optional<Path> generatedPasswordFile() {
        return generatedPasswordFile;
    }
}

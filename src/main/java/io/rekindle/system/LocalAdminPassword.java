package io.rekindle.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Credentials come from configuration ({@code REKINDLE_ADMIN_PASSWORD}). Only where the profile
 * allows it (the embedded default), a missing password is generated once and kept in the data
 * directory, so a first {@code ./mvnw spring-boot:run} works without a well-known password.
 * Anywhere else a missing password stops the start with a clear message.
 */
public class LocalAdminPassword implements EnvironmentPostProcessor {

    static final String PASSWORD = "rekindle.security.admin-password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String configured = env.getProperty(PASSWORD);
        boolean local = env.getProperty("rekindle.security.generate-local-password", Boolean.class, false);
        if (configured != null && !configured.isBlank()) {
            // the embedded default is a try on one's own machine; anywhere else a placeholder must not start
            SecretStrength.weakPassword(configured).filter(weak -> !local).ifPresent(weak -> {
                throw new IllegalStateException("REKINDLE_ADMIN_PASSWORD " + weak + ": choose a strong one "
                        + "(at least 12 characters, not a well-known password).");
            });
            return;
        }
        if (!local) {
            throw new IllegalStateException("No admin password configured: set REKINDLE_ADMIN_PASSWORD "
                    + "(and optionally REKINDLE_ADMIN_USER) in the environment.");
        }
        Path file = Path.of(env.getProperty("rekindle.data-dir", "data"), "admin-password.txt");
        env.getPropertySources().addFirst(new MapPropertySource("rekindle-local-admin",
                Map.of(PASSWORD, readOrCreate(file))));
        env.getPropertySources().addFirst(new MapPropertySource("rekindle-local-admin-file",
                Map.of("rekindle.security.admin-password-file", file.toAbsolutePath().toString())));
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file stays readable by its owner only through the folder's ACL
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}

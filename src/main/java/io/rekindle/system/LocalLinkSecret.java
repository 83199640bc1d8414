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
 * The key that signs public links ({@link SignedLinks}) comes from {@code REKINDLE_LINK_SECRET}.
 * Like the admin password, only the embedded default may generate one, once, into the data directory
 * ({@code link-secret.txt}), so links stay valid across restarts. Anywhere else (the {@code postgres}
 * profile) a missing secret stops the start with a clear message.
 */
public class LocalLinkSecret implements EnvironmentPostProcessor {

    static final String SECRET = "rekindle.security.link-secret";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String configured = env.getProperty(SECRET);
        boolean local = env.getProperty("rekindle.security.generate-local-link-secret", Boolean.class, false);
        if (configured != null && !configured.isBlank()) {
            SecretStrength.weakKey(configured).filter(weak -> !local).ifPresent(weak -> {
                throw new IllegalStateException("REKINDLE_LINK_SECRET " + weak + "; it signs every survey, "
                        + "unsubscribe and tracking link.");
            });
            return;
        }
        if (!local) {
            throw new IllegalStateException("No link secret configured: set REKINDLE_LINK_SECRET (at least 32 random "
                    + "characters, e.g. `openssl rand -base64 48`); it signs the survey and tracking links.");
        }
        Path file = Path.of(env.getProperty("rekindle.data-dir", "data"), "link-secret.txt");
        env.getPropertySources().addFirst(new MapPropertySource("rekindle-local-link-secret",
                Map.of(SECRET, readOrCreate(file))));
    }

    static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file stays readable by its owner only through the folder's ACL
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}

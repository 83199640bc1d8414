package io.rekindle.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code REKINDLE_DATA_DIR} may be relative ({@code data}, the default) or absolute ({@code /var/lib/rekindle}); the
 * embedded H2 URL needs one form it understands, so the folder is made absolute once, before anything reads it.
 * When the database is the embedded H2 file in it (every contact's personal data, the password hashes), the folder
 * and what is in it are made readable by the owner only: H2 creates its files world-readable.
 */
public class DataDirectory implements EnvironmentPostProcessor {

    static final String DATA_DIR = "rekindle.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String configured = env.getProperty(DATA_DIR, "data");
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        env.getPropertySources().addFirst(new MapPropertySource("rekindle-data-dir",
                Map.of(DATA_DIR, dir.toString())));
        String url = env.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:file:" + dir + "/") || url.startsWith("jdbc:h2:file:" + dir + File.separator)) {
            ownerOnly(dir);
        }
    }

    static void ownerOnly(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL decides
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + dir + " readable by its owner only", e);
        }
    }
}

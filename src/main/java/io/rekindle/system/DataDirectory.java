package io.rekindle.system;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code REKINDLE_DATA_DIR} may be relative ({@code data}, the default) or absolute ({@code /var/lib/rekindle}); the
 * embedded H2 URL needs one form it understands, so the folder is made absolute once, before anything reads it.
 */
public class DataDirectory implements EnvironmentPostProcessor {

    static final String DATA_DIR = "rekindle.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String configured = env.getProperty(DATA_DIR, "data");
        env.getPropertySources().addFirst(new MapPropertySource("rekindle-data-dir",
                Map.of(DATA_DIR, Path.of(configured).toAbsolutePath().normalize().toString())));
    }
}

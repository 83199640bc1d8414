package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LocalLinkSecretTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefaultGeneratesASecretOnceAndKeepsIt() throws Exception {
        var first = environment(Map.of("rekindle.security.generate-local-link-secret", "true",
                "rekindle.data-dir", dir.toString()));
        new LocalLinkSecret().postProcessEnvironment(first, new SpringApplication());
        String secret = first.getProperty(LocalLinkSecret.SECRET);

        var second = environment(Map.of("rekindle.security.generate-local-link-secret", "true",
                "rekindle.data-dir", dir.toString()));
        new LocalLinkSecret().postProcessEnvironment(second, new SpringApplication());

        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(second.getProperty(LocalLinkSecret.SECRET)).isEqualTo(secret);
        assertThat(Files.readString(dir.resolve("link-secret.txt")).strip()).isEqualTo(secret);
    }

    @Test
    void aConfiguredSecretWinsAndNothingIsWritten() {
        var env = environment(Map.of("rekindle.security.generate-local-link-secret", "true",
                "rekindle.data-dir", dir.toString(), LocalLinkSecret.SECRET, "from-the-environment-0123456789abcdef"));
        new LocalLinkSecret().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty(LocalLinkSecret.SECRET)).isEqualTo("from-the-environment-0123456789abcdef");
        assertThat(dir.resolve("link-secret.txt")).doesNotExist();
    }

    @Test
    void withThePostgresProfileAMissingSecretStopsTheStart() {
        var env = environment(Map.of("rekindle.security.generate-local-link-secret", "false",
                "rekindle.data-dir", dir.toString()));

        assertThatThrownBy(() -> new LocalLinkSecret().postProcessEnvironment(env, new SpringApplication()))
                .hasMessageContaining("REKINDLE_LINK_SECRET");
        assertThat(dir.resolve("link-secret.txt")).doesNotExist();
    }

    @Test
    void outsideTheEmbeddedDefaultAWeakSecretStopsTheStart() {
        for (String weak : new String[] {"a".repeat(32), "0123".repeat(10), "abcdefghij".repeat(4)}) {
            var env = environment(Map.of("rekindle.security.generate-local-link-secret", "false",
                    "rekindle.data-dir", dir.toString(), LocalLinkSecret.SECRET, weak));

            assertThatThrownBy(() -> new LocalLinkSecret().postProcessEnvironment(env, new SpringApplication()))
                    .as(weak).hasMessageContaining("REKINDLE_LINK_SECRET").hasMessageNotContaining(weak);
        }
        String random = "uQ3b0J9x_kT2mZr8Lw5cVn1eYh7sGd4fPa6oXi0Ej2Ct";
        var strong = environment(Map.of("rekindle.security.generate-local-link-secret", "false",
                "rekindle.data-dir", dir.toString(), LocalLinkSecret.SECRET, random));
        new LocalLinkSecret().postProcessEnvironment(strong, new SpringApplication());
        assertThat(strong.getProperty(LocalLinkSecret.SECRET)).isEqualTo(random);
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }
}

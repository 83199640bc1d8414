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

class LocalAdminPasswordTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefaultGeneratesAPasswordOnceAndKeepsIt() throws Exception {
        var first = environment(Map.of("rekindle.security.generate-local-password", "true",
                "rekindle.data-dir", dir.toString()));
        new LocalAdminPassword().postProcessEnvironment(first, new SpringApplication());
        String password = first.getProperty(LocalAdminPassword.PASSWORD);

        var second = environment(Map.of("rekindle.security.generate-local-password", "true",
                "rekindle.data-dir", dir.toString()));
        new LocalAdminPassword().postProcessEnvironment(second, new SpringApplication());

        assertThat(password).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo("demo");
        assertThat(second.getProperty(LocalAdminPassword.PASSWORD)).isEqualTo(password);
        assertThat(Files.readString(dir.resolve("admin-password.txt")).strip()).isEqualTo(password);
    }

    @Test
    void aConfiguredPasswordWinsAndNothingIsWritten() {
        var env = environment(Map.of("rekindle.security.generate-local-password", "true",
                "rekindle.data-dir", dir.toString(), LocalAdminPassword.PASSWORD, "from-the-environment"));
        new LocalAdminPassword().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty(LocalAdminPassword.PASSWORD)).isEqualTo("from-the-environment");
        assertThat(dir.resolve("admin-password.txt")).doesNotExist();
    }

    @Test
    void outsideTheEmbeddedDefaultAMissingPasswordStopsTheStart() {
        var env = environment(Map.of("rekindle.security.generate-local-password", "false",
                "rekindle.data-dir", dir.toString()));

        assertThatThrownBy(() -> new LocalAdminPassword().postProcessEnvironment(env, new SpringApplication()))
                .hasMessageContaining("REKINDLE_ADMIN_PASSWORD");
        assertThat(dir.resolve("admin-password.txt")).doesNotExist();
    }

    @Test
    void outsideTheEmbeddedDefaultAWeakPasswordStopsTheStart() {
        for (String weak : new String[] {"admin", "Password1", "changeme!", "short-pw", "aaaaaaaaaaaaaaaa",
                "abcabcabcabcabc"}) {
            var env = environment(Map.of("rekindle.security.generate-local-password", "false",
                    "rekindle.data-dir", dir.toString(), LocalAdminPassword.PASSWORD, weak));

            assertThatThrownBy(() -> new LocalAdminPassword().postProcessEnvironment(env, new SpringApplication()))
                    .as(weak).hasMessageContaining("REKINDLE_ADMIN_PASSWORD").hasMessageNotContaining(weak);
        }
        var strong = environment(Map.of("rekindle.security.generate-local-password", "false",
                "rekindle.data-dir", dir.toString(), LocalAdminPassword.PASSWORD, "outside-in-Admin-7f3c9e"));
        new LocalAdminPassword().postProcessEnvironment(strong, new SpringApplication());
        assertThat(strong.getProperty(LocalAdminPassword.PASSWORD)).isEqualTo("outside-in-Admin-7f3c9e");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }
}

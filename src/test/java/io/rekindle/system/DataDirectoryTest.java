package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DataDirectoryTest {

    private static final String H2 = "jdbc:h2:file:${rekindle.data-dir}/rekindle;DB_CLOSE_ON_EXIT=FALSE";

    @TempDir
    Path tmp;

    @Test
    void theEmbeddedDatabaseFolderIsTheOwnersOnly() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path database = Files.createFile(data.resolve("rekindle.mv.db"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        var env = environment(Map.of("rekindle.data-dir", data.toString(), "spring.datasource.url", H2));
        new DataDirectory().postProcessEnvironment(env, new SpringApplication());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database))).isEqualTo("rw-------");
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:" + data + "/rekindle");
    }

    @Test
    void aFolderThatDoesNotExistYetIsCreatedTheOwnersOnly() throws Exception {
        Path data = tmp.resolve("relative-or-new");

        new DataDirectory().postProcessEnvironment(
                environment(Map.of("rekindle.data-dir", data.toString(), "spring.datasource.url", H2)),
                new SpringApplication());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void withPostgreSqlTheFolderIsLeftAlone() {
        Path data = tmp.resolve("unused");

        new DataDirectory().postProcessEnvironment(environment(Map.of("rekindle.data-dir", data.toString(),
                "spring.datasource.url", "jdbc:postgresql://localhost:5432/rekindle")), new SpringApplication());

        assertThat(data).doesNotExist();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }
}

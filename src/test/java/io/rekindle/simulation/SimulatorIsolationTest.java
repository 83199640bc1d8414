package io.rekindle.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.RekindleApplication;
import io.rekindle.support.Api;
import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.SmsProvider;
import io.rekindle.support.TestSmtp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.util.FileSystemUtils;

/**
 * The simulator inside an application configured for production by its environment, as operators configure it:
 * PostgreSQL by REKINDLE_DB_URL, SMS on by REKINDLE_SMS_ENABLED towards a real local HTTP server standing in for the
 * provider, dispatching every few milliseconds. The application runs as its own process (that environment is its
 * own, not this test JVM's); a simulated win-back that texts the persona's phone reaches neither the provider nor
 * the database.
 */
@ExtendWith(PostgresDatabase.class)
class SimulatorIsolationTest {

    private final SmsProvider provider = new SmsProvider();
    private Process app;
    private Path workDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        provider.close();
        if (workDir != null) {
            FileSystemUtils.deleteRecursively(workDir.toFile());
        }
    }

    @Test
    void aSimulatedWinBackTextsNobodyAndWritesNothingWhateverTheApplicationsEnvironment() throws Exception {
        String database = PostgresDatabase.fresh("simulator_production");
        int port = TestSmtp.freePort();
        workDir = Files.createTempDirectory("rekindle-production");
        Path log = workDir.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
                RekindleApplication.class.getName())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("REKINDLE_DB_URL", database);
        env.put("REKINDLE_DB_USER", PostgresDatabase.USER);
        env.put("REKINDLE_DB_PASSWORD", PostgresDatabase.PASSWORD);
        env.put("REKINDLE_SMS_ENABLED", "true");
        env.put("REKINDLE_SMS_BASE_URL", provider.baseUrl());
        env.put("REKINDLE_SMS_API_KEY", "production-sms-key");
        env.put("REKINDLE_SMS_DISPATCH_INTERVAL", "PT0.02S");
        env.put("REKINDLE_ADMIN_PASSWORD", Api.PASSWORD);
        env.put("REKINDLE_LINK_SECRET", "production-link-secret-0123456789abcdef");
        env.put("REKINDLE_DATA_DIR", workDir.resolve("data").toString());
        // two application JVMs on a machine shared with builds: give the simulation time (default 2 minutes)
        env.put("REKINDLE_SIMULATOR_TIMEOUT", "PT10M");
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        app = builder.start();
        Api api = new Api(port);
        awaitUp(api, log);
        long contacts = contacts(database);

        Api.Response response = api.post("/api/simulations", """
                {"journey":"inactive-winback","persona":{"locale":"fr","emailConsent":false,"smsConsent":true,
                 "phone":"+33612345678"},"timeline":[],"horizonDays":60}""");

        // the simulation's JVM has ended when the answer comes: whatever it sent has arrived
        assertThat(provider.received()).as("requests at the SMS provider").isEmpty();
        assertThat(contacts(database)).as("contacts in the application's database").isEqualTo(contacts);
        assertThat(response.status()).as("%s\n%s", response.body(), tail(log)).isEqualTo(200);
        JsonNode sms = response.json().get("messages").get(0);
        assertThat(sms.get("channel").asText()).as("the win-back texts this persona").isEqualTo("SMS");
        assertThat(sms.get("status").asText()).as("simulated, never handed to a provider").isEqualTo("PENDING");
    }

    private void awaitUp(Api api, Path log) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            assertThat(app.isAlive()).as("the application stopped:\n%s", tail(log)).isTrue();
            try {
                if (api.get("/actuator/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The application did not start in time:\n" + tail(log));
    }

    private static long contacts(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresDatabase.USER, PostgresDatabase.PASSWORD);
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM contact")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

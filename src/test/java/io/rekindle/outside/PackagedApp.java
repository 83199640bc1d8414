package io.rekindle.outside;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rekindle.support.TestSmtp;

/**
 * The packaged service as users run it: {@code java -jar target/rekindle.jar} in a process of its own, configured
 * only through the environment variables and profiles the README documents. Nothing of the test JVM leaks in: the
 * child gets a clean environment (plus PATH and HOME, which any shell has), no system properties, no agent.
 * Public for the side-by-side benchmark ({@code io.rekindle.benchmark}), which measures the same jar.
 */
public final class PackagedApp implements AutoCloseable {

    /** The jar Maven packaged before the integration-test phase (failsafe passes its path). */
    static final Path JAR = Path.of(System.getProperty("rekindle.jar", "target/rekindle.jar"));
    public static final String ADMIN_PASSWORD = "outside-in-Admin-7f3c9e";
    static final String LINK_SECRET = "outside-in-link-secret-4f0d8a2b9c7e6d5f3a1b";
    /** Generous: on a loaded build machine a start has been seen to take two minutes. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final Path jar;
    private final String name;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private PackagedApp(Path jar, String name, int port, Map<String, String> environment, Path log) {
        this.jar = jar;
        this.name = name;
        this.port = port;
        this.environment = environment;
        this.log = log;
    }

    /**
     * A node configured by {@code environment} (documented variables only) on a free port; {@code SERVER_PORT},
     * {@code REKINDLE_PUBLIC_URL}, {@code REKINDLE_ADMIN_PASSWORD} and {@code REKINDLE_LINK_SECRET} are filled in
     * unless given.
     */
    public static PackagedApp start(String name, Map<String, String> environment) {
        return start(JAR, name, environment);
    }

    /** The same, from another build's jar (the Camunda build's, when the suite proves the Operaton one). */
    static PackagedApp start(Path jar, String name, Map<String, String> environment) {
        int port = TestSmtp.freePort();
        var env = new LinkedHashMap<String, String>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("REKINDLE_PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("REKINDLE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("REKINDLE_LINK_SECRET", LINK_SECRET);
        env.putAll(environment);
        Path log = Path.of("target", "outside-in", name + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var app = new PackagedApp(jar, name, port, env, log);
        app.launch();
        return app;
    }

    /** Starts the same node again (same port, same environment), e.g. after {@link #kill()}. */
    PackagedApp restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        launch();
        return this;
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var builder = new ProcessBuilder(List.of(java, "-jar", jar.toAbsolutePath().toString()));
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.directory(Files.createDirectories(Path.of("target", "outside-in", name)).toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + jar, e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + log
                        + "\n" + tail());
            }
            try {
                // what a load balancer asks (an SMTP server out of reach does not keep a node out)
                var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        // nobody holds this node to stop it later: it must not outlive the failed start
        process.destroyForcibly();
        waitFor();
        throw new IllegalStateException(name + " not healthy after " + START_TIMEOUT + "; log: " + log + "\n" + tail());
    }

    int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything the node has logged so far. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no connection closed politely, as when a machine dies. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: Spring's graceful shutdown. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the node's output, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Everything the node wrote so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

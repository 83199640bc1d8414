package io.rekindle.outside;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.Yaml;

import io.rekindle.support.TestSmtp;

/**
 * nginx in front of two nodes, run from the balancing docker-compose.yml ships ({@code configs: rekindle-lb}): the same
 * text, with compose's {@code $$} read as {@code $}, the nodes' addresses and the listening port swapped for local
 * ones, wrapped in the few lines the official image's {@code nginx.conf} gives it (an {@code http} block). Debian's
 * {@code nginx} package ({@code .ci/run} installs it); {@link #installed()} says whether this machine has it.
 * Public for the cluster benchmark ({@code io.rekindle.benchmark}), which measures through it.
 */
public final class LoadBalancer implements AutoCloseable {

    static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final String CONFIG = "rekindle-lb";

    private final int port;
    private final Path home;
    private final Process process;

    private LoadBalancer(int port, Path home, Process process) {
        this.port = port;
        this.home = home;
        this.process = process;
    }

    /** The nginx binary: on PATH, or where Debian puts it (root's PATH has it, a user's may not). */
    static Path binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static boolean installed() {
        return binary() != null;
    }

    /** The server the compose file gives nginx, with its own two nodes' hosts and port swapped for these. */
    static String configFor(String first, String second, int port) {
        String compose;
        try {
            compose = Files.readString(COMPOSE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Map<String, Map<String, String>>> root = new Yaml().load(compose);
        String content = root.get("configs").get(CONFIG).get("content");
        String local = content.replace("$$", "$");
        for (String expected : List.of("rekindle-1:8080", "rekindle-2:8080", "listen 8080;")) {
            if (!local.contains(expected)) {
                throw new IllegalStateException("the compose file's " + CONFIG + " no longer has \"" + expected
                        + "\": adapt LoadBalancer to it");
            }
        }
        return local.replace("rekindle-1:8080", first).replace("rekindle-2:8080", second)
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";");
    }

    /** nginx on a free local port in front of {@code first} and {@code second} ({@code host:port} each). */
    public static LoadBalancer start(String name, String first, String second) {
        Path nginx = binary();
        if (nginx == null) {
            throw new IllegalStateException("nginx is not installed (apt-get install nginx)");
        }
        int port = TestSmtp.freePort();
        try {
            Path home = Files.createDirectories(Path.of("target", "outside-in", name).toAbsolutePath());
            boolean root = "root".equals(System.getProperty("user.name"));
            String main = (root ? "user root;\n" : "") + """
                    worker_processes 2;
                    pid %1$s/nginx.pid;
                    events { worker_connections 1024; }
                    http {
                        # which node answered each request, for the test to read
                        log_format nodes '$request_method $uri $status $upstream_addr';
                        access_log %1$s/access.log nodes;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                    %2$s
                    }
                    """.formatted(home, configFor(first, second, port));
            Path conf = home.resolve("nginx.conf");
            Files.writeString(conf, main);
            Path log = home.resolve("error.log");
            Files.deleteIfExists(log);
            // what nodes answered is read from this run's access log alone
            Files.deleteIfExists(home.resolve("access.log"));
            var builder = new ProcessBuilder(nginx.toString(), "-e", log.toString(), "-p", home.toString(), "-c",
                    conf.toString(), "-g", "daemon off;");
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("output.log").toFile()));
            var balancer = new LoadBalancer(port, home, builder.start());
            balancer.awaitListening();
            return balancer;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start nginx", e);
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + errors());
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                PackagedApp.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("nginx not listening on " + port + ": " + errors());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Each request nginx passed on so far: method, path, status, the node's address. */
    List<String> accessLog() {
        try {
            Path log = home.resolve("access.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String errors() {
        try {
            Path log = home.resolve("error.log");
            return (Files.exists(log) ? Files.readString(log) : "")
                    + Files.readString(home.resolve("output.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * The status of one {@code GET path} sent to nginx from {@code source} (a loopback address other than 127.0.0.1:
     * a client the nodes could not tell from nginx itself without the forwarded address), over a connection of its
     * own, with {@code headers} (name, value, …).
     */
    int statusFrom(String source, String path, String... headers) {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(30_000);
            var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            var statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                statusLine.append((char) c);
            }
            in.readAllBytes();
            String[] parts = statusLine.toString().split(" ");
            if (parts.length < 2) {
                throw new IllegalStateException("no HTTP answer from nginx: " + statusLine);
            }
            return Integer.parseInt(parts[1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.rekindle.outside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rekindle.support.TestSmtp;

/**
 * A PostgreSQL 15 cluster of the test's own, on a free port, that the test may stop and start (the shared server of
 * the other tests must never go down). Its data folder is a temporary one owned by {@code postgres}: the server
 * refuses to run as root, which the build machine is, so every server command runs as that user
 * ({@code runuser -u postgres}). Trust authentication, loopback only, the socket in the same folder.
 */
final class OwnPostgres implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final Path data;
    private final int port;

    private OwnPostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Whether this machine has the PostgreSQL 15 server binaries (and a {@code postgres} user to run them). */
    static boolean available() {
        return Files.isExecutable(BIN.resolve("pg_ctl")) && Files.isExecutable(BIN.resolve("initdb"))
                && Files.isExecutable(Path.of("/usr/sbin/runuser")) && run(false, "id", "-u", "postgres") == 0;
    }

    /** A new cluster, started, with an empty database {@code database}. */
    static OwnPostgres start(String database) {
        try {
            Path dir = Files.createTempDirectory("rekindle-pg-");
            var postgres = new OwnPostgres(dir, TestSmtp.freePort());
            postgres.initdb();
            postgres.startServer();
            try (Connection c = DriverManager.getConnection(postgres.url("postgres"), "postgres", "")) {
                c.createStatement().execute("CREATE DATABASE " + database);
            }
            return postgres;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot set up a PostgreSQL cluster", e);
        }
    }

    private void initdb() {
        check(run(true, "chown", "postgres:postgres", dir.toString()), "chown"); // created by root
        check(asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
    }

    /** {@code pg_ctl start}, waiting until it accepts connections. */
    void startServer() {
        check(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log")
                .toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off -c max_connections=50", "start"), "pg_ctl start");
    }

    /** {@code pg_ctl stop -m fast}: open connections are ended, as in a restart of the server. */
    void stopServer() {
        check(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-m", "fast",
                "stop"), "pg_ctl stop");
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-m", "immediate",
                "stop");
        Database.deleteRecursively(dir);
    }

    private static void check(int exit, String what) {
        if (exit != 0) {
            throw new IllegalStateException(what + " exited with " + exit);
        }
    }

    private static int asPostgres(String... command) {
        List<String> all = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        all.addAll(List.of(command));
        return run(true, all.toArray(String[]::new));
    }

    private static int run(boolean show, String... command) {
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.redirectOutput(show ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

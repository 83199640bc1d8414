package io.rekindle.imports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rekindle.support.PostgresDatabase;

/**
 * The import benchmark (README, "Bringing your base"): generates a CSV of N contacts (default 1,000,000) with every
 * documented column, then, per run (default 3), starts the packaged jar ({@code target/rekindle.jar}) with
 * {@code -Xmx512m} on a fresh PostgreSQL database, posts the file over HTTP as a company's system would and waits
 * for the import to be DONE; then posts the same file again (every row UNCHANGED). Prints rows/s of both per run,
 * their median and range, as measured from the POST to DONE (the job's own rate is printed beside).
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -Dbenchmark.main=io.rekindle.imports.ImportBenchmark};
 * {@code -Dbenchmark.contacts=...} and {@code -Dbenchmark.runs=...} set N and the runs.
 */
public final class ImportBenchmark {

    private static final Path JAR = Path.of(System.getProperty("rekindle.jar", "target/rekindle.jar"));
    private static final String PASSWORD = "benchmark-Admin-" + UUID.randomUUID();
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long contacts = Long.getLong("benchmark.contacts", 1_000_000L);
        int runs = Integer.getInteger("benchmark.runs", 3);
        Path dir = Files.createDirectories(Path.of("target", "import-benchmark"));
        Path csv = dir.resolve("contacts-" + contacts + ".csv");
        long start = System.nanoTime();
        generate(csv, contacts);
        System.out.printf("Import benchmark: %,d contacts (%,d MB of CSV, generated in %.1f s), %d runs, PostgreSQL,"
                + " %s with -Xmx512m, %d cores%n", contacts, Files.size(csv) >> 20, seconds(start), runs, JAR,
                Runtime.getRuntime().availableProcessors());
        List<Double> firstRates = new ArrayList<>();
        List<Double> againRates = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String url = PostgresDatabase.fresh("_import_benchmark") + "?reWriteBatchedInserts=true";
            Process app = launch(url, dir.resolve("run-" + run + ".log"));
            try {
                int port = port(dir.resolve("run-" + run + ".log"), app);
                String base = "http://127.0.0.1:" + port;
                String first = importFile(base, csv);
                String again = importFile(base, csv);
                double firstRate = rate(first, contacts);
                double againRate = rate(again, contacts);
                firstRates.add(firstRate);
                againRates.add(againRate);
                System.out.printf("run %d: first import %,.0f rows/s (job: %s rows/s, %s new); re-import %,.0f rows/s"
                        + " (job: %s rows/s, %s unchanged)%n", run, firstRate, field(first, "rowsPerSecond"),
                        field(first, "rowsNew"), againRate, field(again, "rowsPerSecond"),
                        field(again, "rowsUnchanged"));
                if (!field(first, "rowsNew").equals(String.valueOf(contacts))
                        || !field(again, "rowsUnchanged").equals(String.valueOf(contacts))) {
                    throw new IllegalStateException("Wrong counts: " + first + " / " + again);
                }
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
        System.out.println();
        System.out.println("| " + String.format("%,d", contacts) + " contacts, PostgreSQL, -Xmx512m | median | runs |");
        System.out.println("| --- | --- | --- |");
        System.out.println("| first import (all NEW) | " + summary(firstRates));
        System.out.println("| re-import (all UNCHANGED) | " + summary(againRates));
    }

    /** Posts the file, waits for DONE; returns the final report with the wall time from the POST added. */
    private static String importFile(String base, Path csv) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/contacts/imports"))
                .header("Authorization", auth()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("POST answered " + posted.statusCode() + ": " + posted.body());
        }
        String location = base + posted.headers().firstValue("Location").orElseThrow();
        while (true) {
            Thread.sleep(200);
            String report = http.send(HttpRequest.newBuilder(URI.create(location)).header("Authorization", auth())
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher status = STATUS.matcher(report);
            if (status.find() && (status.group(1).equals("DONE") || status.group(1).equals("FAILED"))) {
                if (status.group(1).equals("FAILED")) {
                    throw new IllegalStateException("Import failed: " + report);
                }
                return report.replaceFirst("\\}$", ",\"wallNanos\":" + (System.nanoTime() - start) + "}");
            }
        }
    }

    private static double rate(String report, long contacts) {
        return contacts / (Long.parseLong(field(report, "wallNanos")) / 1e9);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^,\"}]*)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static String summary(List<Double> rates) {
        List<Double> sorted = rates.stream().sorted().toList();
        return String.format("**%,.0f rows/s** | %s |", sorted.get(sorted.size() / 2), String.join(" / ",
                rates.stream().map(r -> String.format("%,.0f", r)).toList()));
    }

    private static Process launch(String url, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path work = Files.createDirectories(log.getParent().resolve("work"));
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", JAR.toAbsolutePath().toString());
        builder.environment().put("SPRING_PROFILES_ACTIVE", "postgres");
        builder.environment().put("REKINDLE_DB_URL", url);
        builder.environment().put("REKINDLE_DB_USER", PostgresDatabase.USER);
        builder.environment().put("REKINDLE_DB_PASSWORD", PostgresDatabase.PASSWORD);
        builder.environment().put("REKINDLE_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("REKINDLE_LINK_SECRET", "benchmark-link-secret-" + UUID.randomUUID());
        builder.environment().put("REKINDLE_MAIL_ENABLED", "false");
        builder.environment().put("REKINDLE_DATA_DIR", work.toAbsolutePath().toString());
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).directory(work.toFile());
        Process process = builder.start();
        Files.writeString(log.resolveSibling(log.getFileName() + ".port"), String.valueOf(port));
        return process;
    }

    private static int port(Path log, Process app) throws Exception {
        int port = Integer.parseInt(Files.readString(log.resolveSibling(log.getFileName() + ".port")));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            if (!app.isAlive()) {
                throw new IllegalStateException("The jar exited; see " + log);
            }
            try {
                var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return port;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        app.destroyForcibly();
        throw new IllegalStateException("The jar did not start; see " + log);
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Every documented column; sign-ups over five years before 2026-01-01, so nobody is a recent sign-up. */
    static void generate(Path csv, long contacts) throws IOException {
        if (Files.exists(csv)) {
            return;
        }
        Random random = new Random(16);
        LocalDate origin = LocalDate.of(2021, 1, 1);
        Path partial = csv.resolveSibling(csv.getFileName() + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write("externalId,email,phone,firstName,locale,signedUpAt,emailConsent,emailConsentAt,"
                    + "emailConsentSource,smsConsent,smsConsentAt,smsConsentSource,emailStatus,lastPurchaseAt,"
                    + "lastVisitAt,lastEmailOpenAt,lastEmailClickAt,purchaseCount,revenue,loyaltyPoints\n");
            String[] names = {"Marie", "Jean", "Anne", "Luc", "\"Dupont, Léa\"", "Zoé", "Paul", "Inès"};
            for (long i = 1; i <= contacts; i++) {
                LocalDate signedUp = origin.plusDays(random.nextInt(1825));
                boolean buyer = random.nextInt(10) < 6;
                boolean sms = random.nextInt(3) == 0;
                int purchases = buyer ? 1 + random.nextInt(12) : 0;
                StringBuilder row = new StringBuilder(200);
                row.append("cust-").append(i).append(",c").append(i).append("@example.com,")
                        .append(sms ? "+336" + (10_000_000 + random.nextInt(89_999_999)) : "").append(',')
                        .append(names[random.nextInt(names.length)]).append(',')
                        .append(random.nextInt(5) == 0 ? "en" : "fr").append(',')
                        .append(signedUp).append("T10:15:00Z,true,").append(signedUp).append(",shop-signup,")
                        .append(sms).append(',').append(sms ? signedUp.toString() : "").append(',')
                        .append(sms ? "shop-signup" : "").append(',')
                        .append(random.nextInt(50) == 0 ? "HARD_BOUNCE" : "VALID").append(',')
                        .append(buyer ? signedUp.plusDays(random.nextInt(300)) + "T18:00:00+01:00" : "").append(',')
                        .append(random.nextInt(10) < 7 ? signedUp.plusDays(random.nextInt(300)).toString() : "")
                        .append(',')
                        .append(random.nextInt(3) < 2 ? signedUp.plusDays(random.nextInt(300)).toString() : "")
                        .append(',')
                        .append(random.nextInt(5) == 0 ? signedUp.plusDays(random.nextInt(300)).toString() : "")
                        .append(',').append(purchases).append(',')
                        .append(buyer ? (purchases * 35 + random.nextInt(100)) + "." + (10 + random.nextInt(90)) : "0")
                        .append(',').append(random.nextBoolean() ? String.valueOf(random.nextInt(5000)) : "")
                        .append('\n');
                out.write(row.toString());
            }
        }
        Files.move(partial, csv);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}

package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.PostgresDatabase;

/**
 * The cluster docker-compose.yml ships, on this machine: two nodes on one PostgreSQL database, each with its job
 * executor and dispatchers and {@code SERVER_FORWARD_HEADERS_STRATEGY=native}, behind nginx running the compose
 * file's own balancing ({@link LoadBalancer}). Every call of the wave goes through nginx — {@value #CONTACTS} sign-ups
 * and {@value #BUYERS} more who then buy (the purchase ends their journey), the operator executing the J+30 timers —
 * and the relaunch emails go through an SMTP server that takes 50 ms to accept each message: every recipient gets the
 * email once, the buyers none, every row is SENT, both nodes answered each kind of call and both send.
 * <p>
 * A batch then takes longer than the claim lock set here ({@code REKINDLE_MAIL_LOCK=PT5S}): a claim must run from the
 * moment it is taken, not from the start of the batch, or a node whose batch starts more than the lock after the
 * other's takes the rows the other is sending, and sends them again. (With {@code PT2S}, one message's claim, send
 * and record once took over 2 s on a machine loaded by six JVMs, and the other node rightly took it over: a lock
 * must outlast one message, which the shipped {@code PT2M} does by far.)
 * <p>
 * The wave is sent as it is written, the nodes ticking on their own schedules. Held back until all of it is due (the
 * SMTP server out of reach meanwhile), both nodes read the same rows at the same moment, stay in step, and neither
 * sees the other's locks expired: that version passed on the code that reads the clock once per batch.
 * <p>
 * Where nginx is not installed ({@code .ci/run} installs it) the wave alternates between the nodes directly, as a
 * balancer would, and the tests of the balancing itself are skipped. PostgreSQL only: two processes cannot share the
 * embedded H2 file.
 */
@ExtendWith(PostgresDatabase.class)
class TwoNodesPostgresIT extends OutsideInTest {

    static final int CONTACTS = 500;
    static final int BUYERS = 50;
    private static final Pattern SENT = Pattern.compile("Message \\d+ \\(\\S+\\) sent to contact");
    /** A client on the loopback that is not nginx's own address (127.0.0.1). */
    private static final String STRANGER = "127.0.0.7";

    private SmtpRelay relay;
    private PackagedApp second;
    private Client secondApi;
    private LoadBalancer nginx;
    private Client viaNginx;

    @Override
    Database database() {
        return Database.POSTGRES;
    }

    /** Both nodes reach GreenMail through a relay that makes it slow to accept each message. */
    @Override
    int smtpPort() {
        relay = new SmtpRelay(mailbox.port());
        relay.slowAcceptance(Duration.ofMillis(50));
        return relay.port();
    }

    /** The lock of this scenario, and the nodes' setting in the compose file's cluster. */
    @Override
    Map<String, String> settings() {
        return Map.of("REKINDLE_MAIL_LOCK", "PT5S", "SERVER_FORWARD_HEADERS_STRATEGY", "native");
    }

    @BeforeAll
    void startSecondNodeAndBalancer() {
        second = anotherNode("2");
        secondApi = Client.admin(second);
        if (LoadBalancer.installed()) {
            nginx = LoadBalancer.start(name() + "-nginx", "127.0.0.1:" + app.port(), "127.0.0.1:" + second.port());
            viaNginx = new Client(nginx.baseUrl(), "admin", PackagedApp.ADMIN_PASSWORD);
        }
    }

    @AfterAll
    void stopSecondNode() {
        if (nginx != null) {
            nginx.close();
        }
        if (second != null) {
            second.stop();
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** The outbox rows of the wave: the newest 500 (the welcomes were written before it), not the welcomes. */
    private JsonNode wave(String filter) {
        return afterWelcomes(api.get("/api/outbox?limit=500" + filter).expect(200).json());
    }

    /** Where the {@code i}th call goes: nginx, or without it each node in turn. */
    private Client front(int i) {
        return viaNginx != null ? viaNginx : i % 2 == 0 ? api : secondApi;
    }

    @Test
    void twoNodesDrainAWaveThroughASlowServer_everyRecipientGetsTheRelaunchOnce() {
        List<Integer> people = IntStream.range(0, CONTACTS + BUYERS).boxed().toList();
        inParallel(people, i -> signUp(front(i), "two-" + i, address(i), "Tom", "en"));
        inParallel(people.subList(CONTACTS, people.size()), i -> front(i).postJson("/api/events",
                "{\"externalId\":\"two-" + i + "\",\"type\":\"PURCHASE\",\"amount\":19.90,\"eventId\":\"two-buy-" + i
                        + "\"}").expect(202));
        // each journey waits for J+30 once its welcome has left; the buyers' journeys have ended
        awaitSlowly("a J+30 timer per sign-up that did not buy", () -> new Operator(front(0))
                .timersAt("new-signup-relaunch", "Timer_J30").size() == CONTACTS
                && api.get("/engine-rest/process-instance/count?processDefinitionKey=new-signup-relaunch").expect(200)
                        .json().get("count").asInt() == CONTACTS);
        List<String> timers = new Operator(front(0)).timersAt("new-signup-relaunch", "Timer_J30");
        assertThat(timers).as("a J+30 timer per sign-up that did not buy").hasSize(CONTACTS);
        inParallel(IntStream.range(0, timers.size()).boxed().toList(), i -> {
            new Operator(front(i)).execute(timers.get(i));
            return i;
        });
        awaitSlowly("every recipient's email", () -> mailbox.perRecipient().size() == CONTACTS
                && wave("&status=SENT").size() == CONTACTS);
        quietPeriod();

        Map<String, Integer> perRecipient = mailbox.perRecipient();
        var twice = perRecipient.entrySet().stream().filter(e -> e.getValue() > 1).toList();
        var softly = new SoftAssertions();
        softly.assertThat(twice).as("recipients with more than one email (%d extra messages)",
                mailbox.afterWelcomes().size() - perRecipient.size()).isEmpty();
        softly.assertThat(perRecipient.keySet()).as("recipients")
                .containsExactlyInAnyOrderElementsOf(people.subList(0, CONTACTS).stream()
                        .map(TwoNodesPostgresIT::address).toList());
        softly.assertThat(mailbox.afterWelcomes().size()).as("messages").isEqualTo(CONTACTS);
        softly.assertThat(people.stream().map(i -> mailbox.welcomesTo(address(i)).size()).filter(n -> n > 1).count())
                .as("recipients with more than one welcome").isZero();
        softly.assertThat(wave("&status=SENT")).as("rows SENT").hasSize(CONTACTS);
        softly.assertThat(wave("")).as("rows").hasSize(CONTACTS);
        softly.assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
        softly.assertThat(new Operator(secondApi).openIncidents()).as(new Operator(secondApi).incidents()).isZero();
        softly.assertThat(sent(app)).as("messages the first node sent").isPositive();
        softly.assertThat(sent(second)).as("messages the second node sent").isPositive();
        long first = signUpsAnswered(app);
        long other = signUpsAnswered(second);
        softly.assertThat(List.of(first, other)).as("sign-ups each node answered").allMatch(n -> n > 0);
        softly.assertThat(first + other).as("sign-ups both nodes answered").isEqualTo(CONTACTS + BUYERS);
        if (nginx != null) {
            // who answered what, as nginx saw it
            Map<String, Map<String, Long>> answered = answeredBy();
            softly.assertThat(answered.get("POST /api/contacts 201")).as("sign-ups per node").hasSize(2);
            softly.assertThat(answered.get("POST /api/events 202")).as("purchases per node").hasSize(2);
            softly.assertThat(answered.get("POST /engine-rest/job/*/execute 204")).as("timers executed per node")
                    .hasSize(2);
        }
        softly.assertAll();
    }

    @Test
    void throughNginx_aBrowserWithoutCredentialsStaysOnOneNode() {
        Assumptions.assumeTrue(nginx != null, "nginx is not installed (apt-get install nginx)");
        int before = nginx.accessLog().size();
        var browserViaNginx = new Client(nginx.baseUrl(), null, null);
        for (int i = 0; i < 10; i++) {
            browserViaNginx.get("/actuator/health").expect(200);
        }
        // nginx writes its access log after answering: the last line may come a moment after the last answer
        await("nginx's access log", Duration.ofSeconds(10), () -> healthLines(before).size() >= 10);
        List<String> nodes = healthLines(before).stream().map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .toList();
        assertThat(nodes).as("the node of each request").hasSize(10);
        assertThat(nodes.stream().distinct()).as("nodes a browser reached").hasSize(1);
    }

    private List<String> healthLines(int skip) {
        return nginx.accessLog().stream().skip(skip).filter(line -> line.startsWith("GET /actuator/health ")).toList();
    }

    /**
     * A stranger at {@value #STRANGER} tries wrong passwords for admin, naming a new address in X-Forwarded-For each
     * time: nginx replaces that header with the real one, so both nodes soon make the stranger wait (each counts for
     * itself); the administrator, through the same nginx from 127.0.0.1, is not slowed down. Were the forwarded
     * address not read, both would be nginx's 127.0.0.1 to the nodes, and the administrator would wait too.
     */
    @Test
    void throughNginx_theNodesSeeTheClientsAddress_aStrangersWrongPasswordsDoNotSlowTheAdministrator() {
        Assumptions.assumeTrue(nginx != null, "nginx is not installed (apt-get install nginx)");
        String wrong = basic("admin", "not-the-password");
        List<Integer> statuses = new ArrayList<>();
        int waitingInARow = 0;
        for (int i = 0; i < 30 && waitingInARow < 4; i++) {
            int status = nginx.statusFrom(STRANGER, "/api/outbox?limit=1", "Authorization", wrong,
                    "X-Forwarded-For", "198.51.100." + (i + 1));
            statuses.add(status);
            waitingInARow = status == 429 ? waitingInARow + 1 : 0;
        }
        assertThat(statuses).as("the stranger's answers, in order").startsWith(401, 401, 401, 401, 401)
                .containsOnly(401, 429).endsWith(429, 429, 429, 429);
        for (int i = 0; i < 6; i++) {
            viaNginx.get("/api/outbox?limit=1").expect(200);
        }
        assertThat(nginx.statusFrom(STRANGER, "/api/outbox?limit=1", "Authorization",
                basic("admin", PackagedApp.ADMIN_PASSWORD))).as("the stranger, even with the right password, waits")
                .isEqualTo(429);
    }

    /** Per kind of call ("POST /api/contacts 201", the job executions as one), how many each node answered. */
    private Map<String, Map<String, Long>> answeredBy() {
        var byKind = new LinkedHashMap<String, Map<String, Long>>();
        for (String line : nginx.accessLog()) {
            String[] f = line.split(" ");
            String path = f[1].replaceAll("^/engine-rest/job/[^/]+/execute$", "/engine-rest/job/*/execute");
            byKind.computeIfAbsent(f[0] + " " + path + " " + f[2], k -> new LinkedHashMap<>())
                    .merge(f[3], 1L, Long::sum);
        }
        return byKind;
    }

    /** The sign-ups a node answered with 201, in its own metrics. */
    private static long signUpsAnswered(PackagedApp node) {
        String metrics = Client.admin(node).get("/actuator/prometheus").expect(200).body();
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("method=\"POST\"") && l.contains("status=\"201\"") && l.contains("uri=\"/api/contacts\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The messages a node says it sent, in its log. */
    private static long sent(PackagedApp node) {
        return SENT.matcher(node.output()).results().count();
    }

    private static String address(int i) {
        return "two-%03d@example.com".formatted(i);
    }

    /** Polls every second: the outbox and the mailbox get long here. */
    private static void awaitSlowly(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(condition);
    }
}

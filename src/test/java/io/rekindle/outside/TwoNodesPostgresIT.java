package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.rekindle.support.PostgresDatabase;

/**
 * Two nodes on one PostgreSQL database send a wave of {@value #CONTACTS} relaunch emails, written as the operator
 * executes the J+30 timers through both nodes, through an SMTP server that takes 50 ms to accept each message: every
 * recipient gets the email once, every row is SENT, both nodes send.
 * <p>
 * A batch of 50 then takes 2.5 s or more, longer than the claim lock set here ({@code REKINDLE_MAIL_LOCK=PT2S}): a
 * claim must run from the moment it is taken, not from the start of the batch, or a node whose batch starts more than
 * the lock after the other's takes the rows the other is sending, and sends them again.
 * <p>
 * The wave is sent as it is written, the nodes ticking on their own schedules. Held back until all of it is due (the
 * SMTP server out of reach meanwhile), both nodes read the same 50 rows at the same moment, stay in step, and neither
 * sees the other's locks expired: that version passed on the code that reads the clock once per batch.
 * PostgreSQL only: two processes cannot share the embedded H2 file.
 */
@ExtendWith(PostgresDatabase.class)
class TwoNodesPostgresIT extends OutsideInTest {

    static final int CONTACTS = 500;
    private static final Pattern SENT = Pattern.compile("Message \\d+ \\(\\S+\\) sent to contact");

    private SmtpRelay relay;
    private PackagedApp second;
    private Client secondApi;
    private Operator secondOperator;

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

    @Override
    Map<String, String> settings() {
        return Map.of("REKINDLE_MAIL_LOCK", "PT2S");
    }

    @BeforeAll
    void startSecondNode() {
        second = anotherNode("2");
        secondApi = Client.admin(second);
        secondOperator = new Operator(secondApi);
    }

    @AfterAll
    void stopSecondNode() {
        if (second != null) {
            second.stop();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void twoNodesDrainAWaveThroughASlowServer_everyRecipientGetsTheRelaunchOnce() {
        // sign-ups and the operator's J+30 spread over both nodes, as a load balancer would
        List<Integer> people = IntStream.range(0, CONTACTS).boxed().toList();
        List<Long> contacts = inParallel(people, i -> signUp(i % 2 == 0 ? api : secondApi, "two-" + i, address(i),
                "Tom", "en"));
        List<String> timers = operator.timersAt("new-signup-relaunch", "Timer_J30");
        assertThat(timers).as("a J+30 timer per sign-up").hasSize(contacts.size());
        inParallel(IntStream.range(0, timers.size()).boxed().toList(), i -> {
            (i % 2 == 0 ? operator : secondOperator).execute(timers.get(i));
            return i;
        });
        awaitSlowly("every recipient's email", () -> mailbox.perRecipient().size() == CONTACTS
                && api.get("/api/outbox?status=SENT&limit=500").expect(200).json().size() == CONTACTS);
        quietPeriod();

        Map<String, Integer> perRecipient = mailbox.perRecipient();
        var twice = perRecipient.entrySet().stream().filter(e -> e.getValue() > 1).toList();
        var softly = new SoftAssertions();
        softly.assertThat(twice).as("recipients with more than one email (%d extra messages)",
                mailbox.all().size() - perRecipient.size()).isEmpty();
        softly.assertThat(perRecipient).as("recipients").hasSize(CONTACTS);
        softly.assertThat(mailbox.all().size()).as("messages").isEqualTo(CONTACTS);
        softly.assertThat(api.get("/api/outbox?status=SENT&limit=500").expect(200).json()).as("rows SENT")
                .hasSize(CONTACTS);
        softly.assertThat(api.get("/api/outbox?limit=500").expect(200).json()).as("rows").hasSize(CONTACTS);
        softly.assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
        softly.assertThat(secondOperator.openIncidents()).as(secondOperator.incidents()).isZero();
        softly.assertThat(sent(app)).as("messages the first node sent").isPositive();
        softly.assertThat(sent(second)).as("messages the second node sent").isPositive();
        softly.assertAll();
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

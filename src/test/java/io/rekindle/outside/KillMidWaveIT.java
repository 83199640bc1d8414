package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A node killed (SIGKILL) in the middle of a wave of relaunch emails, between two messages, and started again on the
 * same database: every recipient gets the email once.
 * <p>
 * The node sends over one SMTP connection ({@code REKINDLE_MAIL_SENDERS=1}): "between two messages" is a moment of
 * one connection. The kill comes as the node starts SMTP transaction {@value #SENT_BEFORE_KILL} + 1, before the server hears of it.
 * The dispatcher records a message as sent right after the server's 250 and only then claims and starts the next, so
 * at that moment every message the server accepted is recorded, and the next row is claimed but not delivered: after
 * the restart it goes once its claim ({@code rekindle.mail.lock}, shortened here) runs out.
 * <p>
 * One window no SMTP client can close: the server stored the message (and sent its 250, or was about to) and the
 * node dies before recording it. After the restart that message goes a second time, with the same Message-ID so the
 * receiving side can recognise the copy (docs/developers.md, Sending: the outbox). This test deliberately kills outside that
 * window: what it proves is that everything else is exactly once.
 * <p>
 * On the embedded default too: a commit is on disk when the dispatcher moves on (the H2 URL sets WRITE_DELAY=0; with
 * H2's default 500 ms, a process killed right after recording two messages lost them and they went twice).
 */
@BothDatabases
class KillMidWaveIT extends OutsideInTest {

    static final int CONTACTS = 200;
    static final int SENT_BEFORE_KILL = 60;

    private SmtpRelay relay;

    /** The node reaches GreenMail through a relay that counts transactions and kills the node at the chosen one. */
    @Override
    int smtpPort() {
        relay = new SmtpRelay(mailbox.port());
        return relay.port();
    }

    @Override
    Map<String, String> settings() {
        // one sender: the kill falls between two messages of its one connection; with several, the others would be
        // anywhere in theirs, some in the window this test keeps out of (DeliveryFaultsTest stops several senders mid-batch)
        return Map.of("REKINDLE_MAIL_SENDERS", "1", "REKINDLE_MAIL_LOCK", "PT15S",
                // the outage while the wave is written: tried again within two seconds, not half a minute later
                "REKINDLE_MAIL_RETRYBASE", "PT1S",
                "REKINDLE_MAIL_RETRYMAX", "PT2S");
    }

    @AfterAll
    void closeRelay() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void killedBetweenTwoMessagesAndRestarted_everyRecipientGetsTheRelaunchOnce() {
        List<Integer> people = IntStream.range(0, CONTACTS).boxed().toList();
        List<Long> contacts = inParallel(people, i -> signUp("kill-" + i, address(i), "Kim", "en"));
        awaitSlowly("every sign-up's welcome", () -> mailbox.all().size() == CONTACTS);
        int welcomeTransactions = relay.transactions();
        // the SMTP server is out of reach while the wave is written, so that the whole wave is due when it returns
        relay.unreachable(true);
        inParallel(contacts, contact -> {
            operator.fireTimer(operator.instanceOf("new-signup-relaunch", contact), "Timer_J30");
            return contact;
        });
        awaitSlowly("the wave written to the outbox", () -> wave("").size() == CONTACTS);

        var receivedAtKill = new AtomicInteger(-1);
        relay.beforeTransaction(welcomeTransactions + SENT_BEFORE_KILL + 1, () -> {
            int received = mailbox.afterWelcomes().size();
            app.kill();
            receivedAtKill.set(received);
        });
        relay.unreachable(false);
        awaitSlowly("the kill before transaction " + (SENT_BEFORE_KILL + 1), () -> receivedAtKill.get() >= 0);
        assertThat(receivedAtKill.get()).as("emails the server accepted before the kill").isEqualTo(SENT_BEFORE_KILL);

        app.restart();
        awaitSlowly("every recipient's email", () -> mailbox.perRecipient().size() == CONTACTS);
        quietPeriod();

        assertThat(mailbox.perRecipient()).as("emails per recipient").hasSize(CONTACTS)
                .allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));
        assertThat(mailbox.afterWelcomes()).hasSize(CONTACTS);
        assertThat(mailbox.afterWelcomes().stream().map(m -> Mailbox.header(m, "Message-ID")).distinct())
                .as("distinct Message-IDs").hasSize(CONTACTS);
        assertThat(relay.transactions() - welcomeTransactions)
                .as("transactions started: each message once, the interrupted one twice").isEqualTo(CONTACTS + 1);
        assertThat(wave("&status=SENT")).hasSize(CONTACTS);
        assertThat(wave("")).hasSize(CONTACTS);
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
    }

    /** The outbox rows of the wave (the welcomes left before it). */
    private JsonNode wave(String filter) {
        return afterWelcomes(api.get("/api/outbox?limit=500" + filter).expect(200).json());
    }

    private static String address(int i) {
        return "kill-%03d@example.com".formatted(i);
    }

    /** Polls every second: the outbox and the mailbox get long here. */
    private static void awaitSlowly(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(condition);
    }
}

package io.rekindle.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.support.TestSmtp;

/**
 * GreenMail on one port, stopped and started again by the test, with a fault decided as each message's data arrive:
 * the server stops before or after storing it, or refuses it. Counts what every run of the server stored (a
 * restarted GreenMail starts empty).
 */
final class FaultySmtp {

    /** What the server does with the n-th message its current run receives. */
    enum Outcome {
        /** stored and answered 250, as usual */
        STORED,
        /** the server stops before storing it: lost on the server side, the client's transaction breaks */
        STOPPED,
        /** stored, then the server stops before its 250: the client never learns the message arrived */
        STORED_THEN_STOPPED,
        /** not stored, answered 451 */
        REFUSED
    }

    @FunctionalInterface
    interface Reception {
        /** Runs in the server's connection thread as the n-th message's data arrive, before they are stored. */
        Outcome on(int n);
    }

    private final int port;
    private final List<MimeMessage> storedByStoppedRuns = new ArrayList<>();
    private volatile GreenMail server;
    private volatile Reception reception = n -> Outcome.STORED;

    FaultySmtp(int port) {
        this.port = port;
    }

    /** Starts a healthy server: it stores every message until told otherwise. */
    void start() {
        reception = n -> Outcome.STORED;
        GreenMail started = TestSmtp.start(port);
        var users = started.getUserManager();
        var store = users.getMessageDeliveryHandler();
        AtomicInteger arrivals = new AtomicInteger();
        users.setMessageDeliveryHandler((message, address) -> {
            GreenMailUser user = store.handle(message, address);
            Outcome outcome = reception.on(arrivals.incrementAndGet());
            switch (outcome) {
                case STORED -> {
                    return user; // GreenMail stores it and answers 250
                }
                case STORED_THEN_STOPPED -> {
                    user.deliver(message);
                    stop();
                }
                case STOPPED -> stop();
                case REFUSED -> { }
            }
            throw new IllegalStateException("not acknowledged: " + outcome);
        });
        server = started;
    }

    void onArrival(Reception reception) {
        this.reception = reception;
    }

    synchronized void stop() {
        if (server.isRunning()) {
            storedByStoppedRuns.addAll(Arrays.asList(server.getReceivedMessages()));
            server.stop();
        }
    }

    /** Every message stored, by every run of the server. */
    synchronized List<MimeMessage> stored() {
        List<MimeMessage> all = new ArrayList<>(storedByStoppedRuns);
        if (server.isRunning()) {
            all.addAll(Arrays.asList(server.getReceivedMessages()));
        }
        return all;
    }

    List<String> recipients() {
        return stored().stream().map(FaultySmtp::recipient).toList();
    }

    static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.rekindle.outside;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.support.TestSmtp;
import io.rekindle.support.Welcomes;

/**
 * A real SMTP server (GreenMail) that counts what it receives, and reads received emails as a person would.
 * {@link #to}, {@link #perRecipient} and {@link #afterWelcomes} count the journeys' emails after the welcome every
 * sign-up gets ({@link #welcomesTo} and {@link #all} see the welcomes too).
 */
final class Mailbox implements AutoCloseable {

    private static final Pattern HREF = Pattern.compile("(?:href|src)=\"([^\"]+)\"");

    private final int port;
    private final List<MimeMessage> beforeRestart = new ArrayList<>();
    private GreenMail smtp;
    private boolean running = true;

    Mailbox() {
        this.port = TestSmtp.freePort();
        this.smtp = TestSmtp.start(port);
    }

    int port() {
        return port;
    }

    /** Every message received so far, by anyone, including what servers stopped by {@link #stop()} received. */
    List<MimeMessage> all() {
        var all = new ArrayList<>(beforeRestart);
        if (running) {
            all.addAll(Arrays.asList(smtp.getReceivedMessages()));
        }
        return all;
    }

    /** Every message but the welcomes. */
    List<MimeMessage> afterWelcomes() {
        return all().stream().filter(m -> !Welcomes.isWelcome(m)).toList();
    }

    /** The emails to {@code address} after the welcome. */
    List<MimeMessage> to(String address) {
        return afterWelcomes().stream().filter(m -> recipients(m).contains(address)).toList();
    }

    List<MimeMessage> welcomesTo(String address) {
        return all().stream().filter(Welcomes::isWelcome).filter(m -> recipients(m).contains(address)).toList();
    }

    /** How many emails after the welcome each address received so far. */
    Map<String, Integer> perRecipient() {
        var counts = new TreeMap<String, Integer>();
        afterWelcomes().forEach(m -> recipients(m).forEach(r -> counts.merge(r, 1, Integer::sum)));
        return counts;
    }

    /** Stops accepting connections (an SMTP outage), what was received stays countable. */
    void stop() {
        // GreenMail forgets its messages when it stops: keep them
        beforeRestart.addAll(Arrays.asList(smtp.getReceivedMessages()));
        smtp.stop();
        running = false;
    }

    /** Accepts connections again on the same port: a new server, what the stopped one received is kept. */
    void start() {
        smtp = TestSmtp.start(port);
        running = true;
    }

    GreenMail server() {
        return smtp;
    }

    @Override
    public void close() {
        smtp.stop();
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> recipients(MimeMessage message) {
        try {
            var all = new ArrayList<String>();
            var to = message.getRecipients(Message.RecipientType.TO);
            if (to != null) {
                Arrays.stream(to).map(Object::toString).forEach(all::add);
            }
            return all;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTML part's source. */
    static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    /** The plain-text part. */
    static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** Every link and image address in the HTML part, in order. */
    static List<String> links(MimeMessage message) {
        var links = new ArrayList<String>();
        Matcher m = HREF.matcher(html(message));
        while (m.find()) {
            links.add(m.group(1).replace("&amp;", "&"));
        }
        return links;
    }

    /** The first link or image address containing {@code fragment}. */
    static String link(MimeMessage message, String fragment) {
        return links(message).stream().filter(l -> l.contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no link with " + fragment + " in " + links(message)));
    }

    private static String part(MimeMessage message, String type) {
        try {
            String found = find(message.getContent(), type);
            if (found == null && message.isMimeType(type)) {
                return message.getContent().toString();
            }
            if (found == null) {
                throw new AssertionError("no " + type + " part");
            }
            return found;
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String find(Object content, String type) throws MessagingException, java.io.IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return part.getContent().toString();
                }
                String nested = find(part.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}

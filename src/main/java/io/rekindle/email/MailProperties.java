package io.rekindle.email;

import java.time.Duration;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email delivery. With {@code enabled=false} (the embedded default) nothing leaves: messages stay in
 * the outbox, readable at {@code GET /api/outbox}. Each email's Message-ID is
 * {@code <row's random id@messageIdDomain>}.
 */
@ConfigurationProperties("rekindle.mail")
public record MailProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("Rekindle <no-reply@rekindle.local>") String from,
        // how often an idle dispatcher looks for due rows; with work it drains batch after batch (drainBudget)
        @DefaultValue("PT1S") Duration dispatchInterval,
        // rows per batch, each batch over one SMTP connection
        @DefaultValue("500") int batchSize,
        // SMTP connections a node sends over at once, each with a share of the batch (docs/operations.md)
        @DefaultValue("4") int senders,
        // a drain hands the scheduler's thread (shared with the SMS, inbox and import schedules) back after this
        @DefaultValue("PT10S") Duration drainBudget,
        @DefaultValue("PT30S") Duration retryBase,
        @DefaultValue("PT1H") Duration retryMax,
        // covers one message only (a dispatcher locks each row as it claims it): a crashed node's row goes again
        // after this; above the worst case of one slow SMTP exchange (5 s to connect, 10 s per read or write)
        @DefaultValue("PT2M") Duration lock,
        String messageIdDomain) {

    /** Without its own setting, the Message-ID's domain is the sender's: no-reply@rekindle.local → rekindle.local. */
    public MailProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("rekindle.mail.batch-size must be at least 1");
        }
        if (senders < 1) {
            throw new IllegalArgumentException("rekindle.mail.senders must be at least 1");
        }
        if (messageIdDomain == null || messageIdDomain.isBlank()) {
            messageIdDomain = domainOf(from, "rekindle.mail");
        }
        checkDomain(messageIdDomain, "rekindle.mail");
    }

    /** A Message-ID domain must be a domain name; {@code prefix} names the settings it came from. */
    static void checkDomain(String domain, String prefix) {
        String label = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
        if (!domain.matches(label + "(\\." + label + ")*")) {
            throw new IllegalArgumentException(prefix + ".message-id-domain must be a domain name such as"
                    + " rekindle.example.com, not '" + domain + "'");
        }
    }

    /** The domain of a sender address ({@code prefix}.from), for its Message-ID. */
    static String domainOf(String from, String prefix) {
        try {
            String address = new InternetAddress(from, true).getAddress();
            int at = address == null ? -1 : address.lastIndexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException(prefix + ".from has no domain: '" + from
                        + "'; set " + prefix + ".message-id-domain");
            }
            return address.substring(at + 1);
        } catch (AddressException e) {
            throw new IllegalArgumentException(prefix + ".from is not an email address: '" + from + "'", e);
        }
    }
}

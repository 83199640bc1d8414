package io.rekindle.tracking;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.rekindle.contact.ContactActivity;
import io.rekindle.outbox.OutboxMessage;

import org.springframework.stereotype.Component;

/**
 * Tells a link scanner's click from a person's. Mail security gateways (Microsoft Defender Safe Links, Proofpoint,
 * Mimecast, Barracuda…) fetch every link of a message on delivery to check where it leads; counted as clicks, those
 * fetches would bring a removed contact "back". A click is a robot's when (first sign wins):
 * <ol>
 *   <li>{@link Sign#HEAD_REQUEST} — a browser following a link always sends GET; HEAD is a checker;</li>
 *   <li>{@link Sign#SCANNER_USER_AGENT} — no User-Agent, or one naming a scanner or an HTTP library
 *       ({@code rekindle.tracking.robots.user-agents}); many scanners pose as browsers, hence the next signs;</li>
 *   <li>{@link Sign#NO_ACCEPT_LANGUAGE} — every browser sends the reader's languages; scripts do not;</li>
 *   <li>{@link Sign#SECONDS_AFTER_DELIVERY} — within {@code after-delivery} (30 s) of the message leaving us:
 *       gateways scan before the message reaches the inbox; a person rarely reads and clicks that fast;</li>
 *   <li>{@link Sign#LINK_BURST} — within {@code burst} (2 s) of another click on the same message: a scanner
 *       fetches every link at once; a person's second fetch in two seconds (a double click) adds nothing.</li>
 * </ol>
 * A person taken for a robot still lands on the shop at once (the redirect does not change): what they do there —
 * a visit, a purchase the company's systems report — counts. A scanner that passes every test is counted as a
 * person, as before.
 */
@Component
class RobotClicks {

    enum Sign { HEAD_REQUEST, SCANNER_USER_AGENT, NO_ACCEPT_LANGUAGE, SECONDS_AFTER_DELIVERY, LINK_BURST }

    private final RobotClickProperties properties;
    private final ContactActivity activity;

    RobotClicks(RobotClickProperties properties, ContactActivity activity) {
        this.properties = properties;
        this.activity = activity;
    }

    /** The sign that gives the click away, or empty for a person's click. */
    Optional<Sign> sign(String method, String userAgent, String acceptLanguage, OutboxMessage message,
            Instant now) {
        if ("HEAD".equalsIgnoreCase(method)) {
            return Optional.of(Sign.HEAD_REQUEST);
        }
        if (userAgent == null || userAgent.isBlank() || scanner(userAgent)) {
            return Optional.of(Sign.SCANNER_USER_AGENT);
        }
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Optional.of(Sign.NO_ACCEPT_LANGUAGE);
        }
        if (message.sentAt() != null && now.isBefore(message.sentAt().plus(properties.afterDelivery()))) {
            return Optional.of(Sign.SECONDS_AFTER_DELIVERY);
        }
        if (activity.clickedSince(message.id(), now.minus(properties.burst()))) {
            return Optional.of(Sign.LINK_BURST);
        }
        return Optional.empty();
    }

    private boolean scanner(String userAgent) {
        String agent = userAgent.toLowerCase(Locale.ROOT);
        return properties.userAgents().stream().anyMatch(s -> agent.contains(s.toLowerCase(Locale.ROOT)));
    }
}

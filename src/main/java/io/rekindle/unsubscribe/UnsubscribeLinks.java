package io.rekindle.unsubscribe;

import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rekindle.outbox.UnsubscribeUrls;
import io.rekindle.system.PublicLinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The signed one-click unsubscribe link of every marketing email (RFC 8058). A sent email's link names the contact
 * and the message it came in, so the unsubscribe counts for that message (journey, step, template) in the KPIs. The
 * body is rendered before the message has an id: its footer link names the contact only and is made the message's
 * own when the email leaves, as {@link Tracking} does for the other links. Links naming the contact only (rendered
 * bodies, emails sent before) keep working.
 */
@Component
public class UnsubscribeLinks implements UnsubscribeUrls {

    static final String PURPOSE = "unsubscribe";
    private static final String PATH = "/unsubscribe/";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(PATH) + "([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    /** What a genuine link names: the contact, and the message it came in (null for a contact-only link). */
    public record Target(long contactId, Long messageId) {
    }

    private final PublicLinks links;
    private final Period validity;

    UnsubscribeLinks(PublicLinks links, @Value("${rekindle.unsubscribe.link-validity:P1Y}") Period validity) {
        this.links = links;
        this.validity = validity;
    }

    /** The contact-only link, as rendered into a body before the message exists. */
    @Override
    public String urlFor(long contactId) {
        return links.url(PATH, PURPOSE, List.of(String.valueOf(contactId)), validity);
    }

    /** The link of one message, under {@code base} (its sending stream's public URL). */
    public String urlFor(long contactId, long messageId, String base) {
        return links.url(base, PATH, PURPOSE, List.of(String.valueOf(contactId), String.valueOf(messageId)),
                validity);
    }

    /**
     * The body as it leaves: each contact-only unsubscribe link of this contact replaced by {@code messageUrl} (the
     * message's own, {@link #urlFor(long, long, String)}); anything else untouched.
     */
    public String inMessage(long contactId, String messageUrl, String body) {
        if (body == null) {
            return null;
        }
        String replacement = messageUrl.substring(messageUrl.lastIndexOf(PATH));
        Matcher link = LINK.matcher(body);
        StringBuilder out = new StringBuilder();
        while (link.find()) {
            boolean contactOnly = targetOf(link.group(1))
                    .filter(t -> t.contactId() == contactId && t.messageId() == null).isPresent();
            link.appendReplacement(out, Matcher.quoteReplacement(contactOnly ? replacement : link.group(0)));
        }
        link.appendTail(out);
        return out.toString();
    }

    /** What a genuine, unexpired link names; empty for anything else. */
    public Optional<Target> targetOf(String token) {
        return links.verify(PURPOSE, token).filter(ids -> ids.size() == 1 || ids.size() == 2).flatMap(ids -> {
            try {
                return Optional.of(new Target(Long.parseLong(ids.get(0)),
                        ids.size() == 2 ? Long.valueOf(ids.get(1)) : null));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The contact a genuine, unexpired link names; empty for anything else. */
    public Optional<Long> contactOf(String token) {
        return targetOf(token).map(Target::contactId);
    }
}

package io.rekindle.channel;

import java.time.Period;
import java.util.List;
import java.util.Optional;

import io.rekindle.system.PublicLinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The signed one-click unsubscribe link of every marketing email (RFC 8058), naming the contact. */
@Component
public class UnsubscribeLinks {

    static final String PURPOSE = "unsubscribe";

    private final PublicLinks links;
    private final Period validity;

    UnsubscribeLinks(PublicLinks links, @Value("${rekindle.unsubscribe.link-validity:P1Y}") Period validity) {
        this.links = links;
        this.validity = validity;
    }

    public String urlFor(long contactId) {
        return links.url("/unsubscribe/", PURPOSE, List.of(String.valueOf(contactId)), validity);
    }

    /** The contact a genuine, unexpired link names; empty for anything else. */
    public Optional<Long> contactOf(String token) {
        return links.verify(PURPOSE, token).filter(ids -> ids.size() == 1).flatMap(ids -> {
            try {
                return Optional.of(Long.parseLong(ids.get(0)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}

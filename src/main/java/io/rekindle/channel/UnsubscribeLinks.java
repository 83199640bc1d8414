package io.rekindle.channel;

import java.time.Clock;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.rekindle.system.SignedLinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The signed one-click unsubscribe link of every marketing email (RFC 8058), naming the contact. */
@Component
public class UnsubscribeLinks {

    static final String PURPOSE = "unsubscribe";

    private final SignedLinks signed;
    private final Clock clock;
    private final String publicUrl;
    private final Period validity;

    UnsubscribeLinks(SignedLinks signed, Clock clock, @Value("${rekindle.public-url}") String publicUrl,
            @Value("${rekindle.unsubscribe.link-validity:P1Y}") Period validity) {
        this.signed = signed;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.validity = validity;
    }

    public String urlFor(long contactId) {
        var expiry = clock.instant().atZone(ZoneOffset.UTC).plus(validity).toInstant();
        return publicUrl + "/unsubscribe/" + signed.sign(PURPOSE, List.of(String.valueOf(contactId)), expiry);
    }

    /** The contact a genuine, unexpired link names; empty for anything else. */
    public Optional<Long> contactOf(String token) {
        return signed.verify(PURPOSE, token).filter(ids -> ids.size() == 1).flatMap(ids -> {
            try {
                return Optional.of(Long.parseLong(ids.get(0)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}

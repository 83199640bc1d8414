package io.rekindle.system;

import java.time.Clock;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Addresses of the public pages people open from their mailbox (survey, unsubscribe, tracking): the application's
 * public URL, a path and a {@link SignedLinks} token valid for a period from now.
 */
@Component
public class PublicLinks {

    private final SignedLinks signed;
    private final Clock clock;
    private final String publicUrl;

    PublicLinks(SignedLinks signed, Clock clock, @Value("${rekindle.public-url}") String publicUrl) {
        this.signed = signed;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** {@code <public url><path><token>}, e.g. path {@code /survey/}. */
    public String url(String path, String purpose, List<String> ids, Period validity) {
        return publicUrl + path + signed.sign(purpose, ids,
                clock.instant().atZone(ZoneOffset.UTC).plus(validity).toInstant());
    }

    /** The ids a genuine, unexpired token of this purpose names. */
    public Optional<List<String>> verify(String purpose, String token) {
        return signed.verify(purpose, token);
    }
}

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
    /**
     * The pages an email links to: the survey, the unsubscribe and preference pages, the open pixel and the click
     * redirect.
     */
    private static final List<String> PAGES = List.of("/survey/", "/unsubscribe/", "/preferences/", "/t/o/", "/t/c/");

    PublicLinks(SignedLinks signed, Clock clock, @Value("${rekindle.public-url}") String publicUrl) {
        this.signed = signed;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** {@code <public url><path><token>}, e.g. path {@code /survey/}. */
    public String url(String path, String purpose, List<String> ids, Period validity) {
        return url(publicUrl, path, purpose, ids, validity);
    }

    /**
     * The same under another public URL of this application (no trailing slash): the token does not name the host, so
     * a link works under any name that reaches the app (a sending stream's own domain).
     */
    public String url(String base, String path, String purpose, List<String> ids, Period validity) {
        return base + path + signed.sign(purpose, ids,
                clock.instant().atZone(ZoneOffset.UTC).plus(validity).toInstant());
    }

    /** The public URL, without a trailing slash: a base for {@link #url(String, String, String, List, Period)}. */
    public String base() {
        return publicUrl;
    }

    /**
     * {@code text} with the links to our own pages (survey, unsubscribe, tracking) that were written under the public
     * URL moved under {@code base}; anything else, the shop's links included, untouched.
     */
    public String rebase(String text, String base) {
        if (text == null || base.equals(publicUrl)) {
            return text;
        }
        String rebased = text;
        for (String page : PAGES) {
            rebased = rebased.replace(publicUrl + page, base + page);
        }
        return rebased;
    }

    /** The ids a genuine, unexpired token of this purpose names. */
    public Optional<List<String>> verify(String purpose, String token) {
        return signed.verify(purpose, token);
    }
}

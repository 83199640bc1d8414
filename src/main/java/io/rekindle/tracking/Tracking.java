package io.rekindle.tracking;

import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rekindle.system.PublicLinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Open pixel and click redirects for the emails, with signed tokens. A click token names the message and the
 * position of the link in that message's own HTML: the redirect can only go to a URL the template put there — never
 * an open redirect, even for a token signed by us. Links are rewritten when the email leaves; the outbox keeps the
 * message as rendered.
 */
@Component
public class Tracking {

    static final String OPEN = "open";
    static final String CLICK = "click";
    /** Links the contact may follow from an email: http(s); {@link #trackable} leaves our own pages out. */
    private static final Pattern LINK = Pattern.compile("href=\"(https?://[^\"]+)\"");

    private final PublicLinks links;
    private final Period validity;

    Tracking(PublicLinks links, @Value("${rekindle.tracking.link-validity:P1Y}") Period validity) {
        this.links = links;
        this.validity = validity;
    }

    /**
     * The HTML as it leaves: each followable link through the click redirect, the open pixel at the end, both under
     * {@code base} (the message's sending stream's public URL).
     */
    public String instrument(long messageId, String html, String base) {
        if (html == null) {
            return null;
        }
        Matcher link = LINK.matcher(html);
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (link.find()) {
            String replacement = link.group(0);
            if (trackable(link.group(1))) {
                replacement = "href=\"" + link(base, CLICK, messageId, String.valueOf(index++)) + "\"";
            }
            link.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        link.appendTail(out);
        String pixel = "<img src=\"" + link(base, OPEN, messageId, "0")
                + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block\">";
        int body = out.lastIndexOf("</body>");
        return body < 0 ? out + pixel : out.substring(0, body) + pixel + out.substring(body);
    }

    /** The message a genuine open token names. */
    public Optional<Long> openedMessage(String token) {
        return links.verify(OPEN, token).filter(ids -> ids.size() == 2).flatMap(ids -> number(ids.get(0)));
    }

    /** The message and link position a genuine click token names. */
    public Optional<long[]> clickedLink(String token) {
        return links.verify(CLICK, token).filter(ids -> ids.size() == 2)
                .flatMap(ids -> number(ids.get(0)).flatMap(m -> number(ids.get(1)).map(i -> new long[] {m, i})));
    }

    /** The followable links of an HTML message, in order. */
    public static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        if (html != null) {
            Matcher link = LINK.matcher(html);
            while (link.find()) {
                if (trackable(link.group(1))) {
                    links.add(link.group(1).replace("&amp;", "&"));
                }
            }
        }
        return links;
    }

    /**
     * Our own pages are not wrapped: the unsubscribe link records its own effect, and the survey's answer is the
     * survey's measure — counted as a click it would be a "comeback" that ends the win-back before the person answers.
     * The preference page likewise: choosing fewer messages is no comeback.
     */
    private static boolean trackable(String url) {
        return !url.contains("/unsubscribe/") && !url.contains("/survey/") && !url.contains("/preferences/");
    }

    private String link(String base, String purpose, long messageId, String part) {
        return links.url(base, OPEN.equals(purpose) ? "/t/o/" : "/t/c/", purpose,
                List.of(String.valueOf(messageId), part),
                validity);
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package io.rekindle.preferences;

import java.util.List;
import java.util.Optional;

import io.rekindle.system.PublicLinks;

import org.springframework.stereotype.Component;

/**
 * The signed link to the contact's preference page, put in the footer of every marketing email. It names the contact
 * only; {@link PublicLinks#rebase} moves it under the sending stream's domain, as the unsubscribe link.
 */
@Component
public class PreferenceLinks {

    static final String PURPOSE = "preferences";
    static final String PATH = "/preferences/";

    private final PublicLinks links;
    private final PreferenceProperties properties;

    PreferenceLinks(PublicLinks links, PreferenceProperties properties) {
        this.links = links;
        this.properties = properties;
    }

    /** The page of this contact, valid {@code rekindle.preferences.link-validity} (a year) from now. */
    public String urlFor(long contactId) {
        return links.url(PATH, PURPOSE, List.of(String.valueOf(contactId)), properties.linkValidity());
    }

    /** The contact a genuine, unexpired link names; empty for anything else. */
    Optional<Long> contactOf(String token) {
        return links.verify(PURPOSE, token).filter(ids -> ids.size() == 1).flatMap(ids -> {
            try {
                return Optional.of(Long.parseLong(ids.get(0)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}

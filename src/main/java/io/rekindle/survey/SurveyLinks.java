package io.rekindle.survey;

import java.time.Clock;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.rekindle.system.SignedLinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The signed link to the survey page: it names the contact and the survey (process instance) it answers. */
@Component
public class SurveyLinks {

    static final String PURPOSE = "survey";

    private final SignedLinks signed;
    private final Clock clock;
    private final String publicUrl;
    private final Period validity;

    SurveyLinks(SignedLinks signed, Clock clock, @Value("${rekindle.public-url}") String publicUrl,
            @Value("${rekindle.survey.link-validity:P30D}") Period validity) {
        this.signed = signed;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.validity = validity;
    }

    /** The page address to put in the survey email, valid {@code rekindle.survey.link-validity} from now. */
    public String urlFor(long contactId, String surveyProcessInstanceId) {
        var expiry = clock.instant().atZone(ZoneOffset.UTC).plus(validity).toInstant();
        return publicUrl + "/survey/" + signed.sign(PURPOSE, List.of(String.valueOf(contactId), surveyProcessInstanceId),
                expiry);
    }

    /** The invitation a genuine, unexpired token names; empty for anything else. */
    Optional<Invitation> read(String token) {
        return signed.verify(PURPOSE, token).filter(ids -> ids.size() == 2).flatMap(ids -> {
            try {
                return Optional.of(new Invitation(Long.parseLong(ids.get(0)), ids.get(1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    record Invitation(long contactId, String surveyProcessInstanceId) {
    }
}

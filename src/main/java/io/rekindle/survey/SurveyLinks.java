package io.rekindle.survey;

import java.time.Period;
import java.util.List;
import java.util.Optional;

import io.rekindle.system.PublicLinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The signed link to the survey page: it names the contact and the survey (process instance) it answers. */
@Component
public class SurveyLinks {

    static final String PURPOSE = "survey";

    private final PublicLinks links;
    private final Period validity;

    SurveyLinks(PublicLinks links, @Value("${rekindle.survey.link-validity:P30D}") Period validity) {
        this.links = links;
        this.validity = validity;
    }

    /** The page address to put in the survey email, valid {@code rekindle.survey.link-validity} from now. */
    public String urlFor(long contactId, String surveyProcessInstanceId) {
        return links.url("/survey/", PURPOSE, List.of(String.valueOf(contactId), surveyProcessInstanceId), validity);
    }

    /** The invitation a genuine, unexpired token names; empty for anything else. */
    Optional<Invitation> read(String token) {
        return links.verify(PURPOSE, token).filter(ids -> ids.size() == 2).flatMap(ids -> {
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

package io.rekindle.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rekindle.survey.SurveyAnswer.Satisfaction;
import io.rekindle.survey.SurveyAnswer.WhyNoPurchase;
import io.rekindle.survey.SurveyAnswer.YesNo;

/** The survey page's form as posted: plain strings, checked here before anything is stored. */
public record SurveyForm(String whyNoPurchase, String orderingProblem, String satisfiedWithLastPurchase,
        String freeText) {

    static final int FREE_TEXT_MAX = 2000;

    /** The fields that are missing or not one of the offered choices (form field names). */
    List<String> invalidFields() {
        List<String> invalid = new ArrayList<>();
        if (parse(WhyNoPurchase.class, whyNoPurchase).isEmpty()) {
            invalid.add("whyNoPurchase");
        }
        if (parse(YesNo.class, orderingProblem).isEmpty()) {
            invalid.add("orderingProblem");
        }
        if (parse(Satisfaction.class, satisfiedWithLastPurchase).isEmpty()) {
            invalid.add("satisfiedWithLastPurchase");
        }
        if (freeText != null && freeText.length() > FREE_TEXT_MAX) {
            invalid.add("freeText");
        }
        return invalid;
    }

    Valid valid() {
        String text = freeText == null || freeText.isBlank() ? null : freeText.strip();
        return new Valid(parse(WhyNoPurchase.class, whyNoPurchase).orElseThrow(),
                parse(YesNo.class, orderingProblem).orElseThrow(),
                parse(Satisfaction.class, satisfiedWithLastPurchase).orElseThrow(), text);
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    record Valid(WhyNoPurchase whyNoPurchase, YesNo orderingProblem, Satisfaction satisfiedWithLastPurchase,
            String freeText) {
    }
}

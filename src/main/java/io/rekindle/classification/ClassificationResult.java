package io.rekindle.classification;

import java.util.List;

/**
 * The classification of one contact.
 *
 * @param segment        ENGAGED, RECENT_ACTIVITY, DISENGAGED, INACTIVE, NEW_INACTIVE or LOST (values the DMN defines)
 * @param inactivityType TECHNICAL, COMMERCIAL or NONE
 * @param priority       reactivation priority, 0 when no reactivation is due, 1 (low) to 5 (high) otherwise
 * @param matchedRule    the rule of the classification table that decided
 * @param explanation    the matched rule of every decision evaluated, required decisions first
 */
public record ClassificationResult(String segment, String inactivityType, Integer priority, MatchedRule matchedRule,
                                   List<MatchedRule> explanation) {

    public ClassificationResult {
        explanation = List.copyOf(explanation);
    }
}

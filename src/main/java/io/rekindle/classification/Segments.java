package io.rekindle.classification;

import java.util.Set;

/** Names the decision table produces, and what the rest of the product derives from them. */
public final class Segments {

    /** Entering one of these publishes an "entered segment" event: the win-back journey starts from it. */
    public static final Set<String> REACTIVATION_TARGETS = Set.of("INACTIVE", "NEW_INACTIVE");

    private Segments() {
    }

    /** The engagement tag marketing filters on (seed 003): four tags over the six segments. */
    public static String engagementTag(String segment) {
        if (segment == null) {
            return null;
        }
        return switch (segment) {
            case "ENGAGED" -> "engaged";
            case "RECENT_ACTIVITY" -> "recent-activity";
            case "DISENGAGED" -> "disengaged";
            default -> "inactive";
        };
    }
}

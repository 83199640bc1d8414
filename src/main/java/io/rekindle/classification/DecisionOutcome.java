package io.rekindle.classification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one evaluation of a decision produced, whichever path evaluated it.
 *
 * @param outputs      the root decision's outputs (empty when no rule matched)
 * @param matchedRules the matched rule of every decision evaluated, required decisions first, root decision last
 */
public record DecisionOutcome(String decisionId, Map<String, Object> outputs, List<MatchedRule> matchedRules) {

    public DecisionOutcome {
        // unmodifiableMap, not Map.copyOf: outputs may legitimately be null
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        matchedRules = List.copyOf(matchedRules);
    }

    /** The rule of the root decision that decided, if any. */
    public Optional<MatchedRule> rootRule() {
        return matchedRules.stream().filter(rule -> rule.decisionId().equals(decisionId)).reduce((first, second) -> second);
    }
}

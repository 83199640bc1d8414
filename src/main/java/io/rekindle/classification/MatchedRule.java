package io.rekindle.classification;

/** The rule that decided, with the annotation the analyst wrote for it: what the explanation endpoint shows. */
public record MatchedRule(String decisionId, String ruleId, String annotation) {
}

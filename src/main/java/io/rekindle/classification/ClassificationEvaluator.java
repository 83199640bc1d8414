package io.rekindle.classification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Classifies contacts with the {@code inactivity-classification} decision. Built per decision version: when analysts
 * deploy a new version, build a new evaluator from its DMN file (its memo then starts empty).
 */
public final class ClassificationEvaluator {

    public static final String DECISION_ID = "inactivity-classification";
    public static final String CLASSPATH_RESOURCE = "dmn/inactivity-classification.dmn";
    public static final int DEFAULT_CACHE_SIZE = 50_000; // ≈15 MB of outcomes: fits the 512 MB heap of the daily run

    /** The variable names the DMN file reads, in the order of {@link ClassificationInput}'s components. */
    static final List<String> VARIABLES = List.of("daysSinceSignUp", "daysSinceLastPurchase", "daysSinceLastVisit",
            "daysSinceLastOpen", "daysSinceLastClick", "purchaseCount", "revenue", "loyaltyPointsChange", "emailStatus",
            "usualReorderDays", "daysOverdueVsCadence");

    private final DecisionEvaluator decision;

    public ClassificationEvaluator(DecisionEvaluator decision) {
        if (!decision.variableNames().equals(VARIABLES)) {
            throw new IllegalArgumentException("the decision must read " + VARIABLES);
        }
        this.decision = decision;
    }

    public static ClassificationEvaluator load(byte[] dmnXml, int cacheSize) {
        return new ClassificationEvaluator(DecisionEvaluator.load(dmnXml, DECISION_ID, VARIABLES, cacheSize));
    }

    /** The decision shipped in the jar, as the engine auto-deploys it. */
    public static ClassificationEvaluator fromClasspath() {
        try (InputStream in = ClassificationEvaluator.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath");
            }
            return load(in.readAllBytes(), DEFAULT_CACHE_SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ClassificationResult evaluate(ClassificationInput input) {
        return toResult(decision.evaluate(values(input)));
    }

    static Object[] values(ClassificationInput input) {
        return new Object[] {input.daysSinceSignUp(), input.daysSinceLastPurchase(), input.daysSinceLastVisit(),
                input.daysSinceLastOpen(), input.daysSinceLastClick(), input.purchaseCount(), input.revenue(),
                input.loyaltyPointsChange(), input.emailStatus() == null ? null : input.emailStatus().name(),
                input.usualReorderDays(), input.daysOverdueVsCadence()};
    }

    static ClassificationResult toResult(DecisionOutcome outcome) {
        MatchedRule rule = outcome.rootRule().orElseThrow(() -> new IllegalStateException(
                "no rule of " + outcome.decisionId() + " matched; the table needs a last rule that catches everyone"));
        return new ClassificationResult((String) outcome.outputs().get("segment"),
                (String) outcome.outputs().get("inactivityType"), (Integer) outcome.outputs().get("priority"),
                rule, outcome.matchedRules());
    }

    public DecisionEvaluator decision() {
        return decision;
    }
}

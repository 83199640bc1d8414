package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The compiled path against the real engine on 100,000 seeded random contacts (nulls and values around every
 * threshold of the file included): same outputs, same types, same matched rule in every decision of the DRD.
 * The engine is the slow half; it runs on every core so the test stays under a minute.
 */
class CompiledDecisionDifferentialTest {

    private static final int ROWS = Integer.getInteger("rekindle.differential.rows", 100_000);

    @Test
    void compiledClassificationAgreesWithTheEngineOnEveryRow() throws Exception {
        DecisionEvaluator classification = DmnFiles.classification(0);
        assertThat(classification.isCompiled()).isTrue();
        List<ClassificationInput> inputs = new RandomInputs(20240611L, DmnFiles.read("inactivity-classification.dmn")).classifications(ROWS);

        long start = System.nanoTime();
        List<String> differences = compare(classification, inputs.stream().map(ClassificationEvaluator::values).toList());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("differential: %,d classification rows, engine vs compiled, in %,d ms%n", ROWS, millis);

        assertThat(differences).isEmpty();
        assertThat(classification.engineEvaluations()).isEqualTo(ROWS);
    }

    @Test
    void compiledChannelSelectionAgreesWithTheEngineOnEveryRow() throws Exception {
        DecisionEvaluator channel = DmnFiles.channelSelection(0);
        assertThat(channel.isCompiled()).isTrue();
        RandomInputs random = new RandomInputs(42L, DmnFiles.read("channel-selection.dmn"));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(random.channel());
        }
        assertThat(compare(channel, rows)).isEmpty();
    }

    /** @return a description of each row where the two paths differ (at most 20) */
    private static List<String> compare(DecisionEvaluator decision, List<Object[]> rows) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    List<String> differences = new ArrayList<>();
                    for (int i = first; i < rows.size(); i += threads) {
                        Object[] values = rows.get(i);
                        DecisionOutcome engine = decision.evaluateWithEngine(values);
                        Optional<DecisionOutcome> compiled = decision.evaluateCompiled(values);
                        if (compiled.isEmpty() || !compiled.get().equals(engine)
                                || !types(compiled.get()).equals(types(engine))) {
                            differences.add(java.util.Arrays.toString(values) + "\n  engine   " + engine + "\n  compiled " + compiled);
                        }
                    }
                    return differences;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> part : parts) {
                all.addAll(part.get());
            }
            return all.subList(0, Math.min(20, all.size()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Map equality would take Integer 1 and Long 1 as different anyway; this makes a type mismatch readable. */
    private static List<String> types(DecisionOutcome outcome) {
        return outcome.outputs().values().stream().map(value -> value == null ? "null" : value.getClass().getSimpleName()).toList();
    }
}

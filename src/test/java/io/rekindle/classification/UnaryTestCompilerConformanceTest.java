package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every input-entry form the compiler accepts, evaluated by the real engine and by the compiled test on the same
 * values: they must agree, nulls included. And the forms it must refuse, because the engine rejects them or reads
 * them in a way a Java test would not reproduce.
 */
class UnaryTestCompilerConformanceTest {

    private static final List<Object> INTEGERS = withNull(IntStream.rangeClosed(-7, 12).boxed().map(Object.class::cast).toList());
    private static final List<Object> DOUBLES = withNull(List.of(-0.0, 0.0, 0.1, 0.2, 0.1 + 0.2, 0.3, Math.nextDown(0.3),
            1.5, 2.5, Math.nextUp(2.5), 99.9, Math.nextDown(99.9), Math.nextUp(99.9), 199.99, 200.0, 499.99999999999994,
            500.0, 500.01, -5.0, 1e15));
    private static final List<Object> STRINGS = withNull(List.of("A", "B", "C", "", "a", "A,B", "HARD_BOUNCE"));
    private static final List<Object> BOOLEANS = withNull(List.of(true, false));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            integer | < 5
            integer | <= 5
            integer | > 5
            integer | >= 5
            integer | <5
            integer | '  >=   5  '
            integer | < -2
            integer | < 4.5
            integer | <= 4.999
            integer | 5
            integer | 5.0
            integer | -3
            integer | 3, 5, 7
            integer | [3..5]
            integer | [3 .. 5]
            integer | ]3..5[
            integer | ]3..5]
            integer | [3..5[
            integer | (3..5)
            integer | (3..5]
            integer | [-5..-3]
            integer | [4..4]
            integer | null
            integer | not(null)
            integer | null, > 5
            integer | < 5, null
            integer | > 5, < 2
            integer | > 8, [2..3], 0
            integer | not(5)
            integer | not(< 5)
            integer | not(null, > 5)
            integer | not(< 5, null)
            integer | not(> 5, < 2)
            integer | not([3..5])
            integer | not(3, 5)
            integer | not( < 5 )
            integer | -
            integer | ''
            long    | > 1095
            long    | null, > 1095
            double  | < 0.3
            double  | <= 0.1
            double  | >= 500
            double  | > 499.99
            double  | < 99.9
            double  | <= 99.9
            double  | [1.5..2.5]
            double  | ]1.5..2.5[
            double  | 0.3
            double  | 0
            double  | >= 0
            double  | not(0.3)
            double  | [0.1..0.3]
            double  | < 0.30000000000000001
            string  | "A"
            string  | "A","B"
            string  | '"A" , "B"'
            string  | '""'
            string  | '"A,B"'
            string  | null
            string  | not(null)
            string  | not("A")
            string  | not("A","B")
            string  | '"HARD_BOUNCE", null'
            boolean | true
            boolean | false
            boolean | null
            boolean | -
            """)
    void compiledEntryAgreesWithTheEngine(String typeRef, String entry) {
        DecisionEvaluator cell = cell(typeRef, entry);
        assertThat(cell.isCompiled()).as("compiled: %s", cell.notCompiledReason()).isTrue();

        List<String> disagreements = new ArrayList<>();
        for (Object value : valuesFor(typeRef)) {
            DecisionOutcome engine = cell.evaluateWithEngine(value);
            Optional<DecisionOutcome> compiled = cell.evaluateCompiled(value);
            if (compiled.isEmpty() || !compiled.get().equals(engine)) {
                disagreements.add(value + ": engine " + engine.outputs() + ", compiled " + compiled.map(DecisionOutcome::outputs));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            integer | = 5
            integer | != 5
            integer | 1e1
            integer | +5
            integer | .5
            integer | 5,
            integer | NULL
            integer | not(not(5))
            integer | not(-)
            integer | not()
            integer | [5..3]
            integer | "5"
            integer | daysSinceSignUp
            integer | > daysSinceSignUp
            integer | < 5 and > 2
            integer | abs(5)
            integer | 12345678901234567890
            string  | 'A'
            string  | < "B"
            string  | 5
            string  | '"A\\"B"'
            string  | starts with("A")
            boolean | not(true)
            boolean | not(false)
            boolean | true, false
            boolean | "true"
            double  | 1.5e2
            date    | < 5
            """)
    void entriesTheEngineRejectsOrReadsDifferentlyAreRefused(String typeRef, String entry) {
        ColumnType type;
        try {
            type = ColumnType.of(typeRef);
        } catch (NotCompilableException e) {
            return; // the column type itself is refused
        }
        assertThatThrownBy(() -> UnaryTestCompiler.compile(entry, type)).isInstanceOf(NotCompilableException.class);
        assertThat(cell(typeRef, entry).isCompiled()).isFalse();
    }

    private static DecisionEvaluator cell(String typeRef, String entry) {
        return DecisionEvaluator.load(DmnFiles.singleCellTable(typeRef, entry), "cell", List.of("value"), 0);
    }

    private static List<Object> valuesFor(String typeRef) {
        return switch (typeRef) {
            case "integer" -> INTEGERS;
            case "long" -> withNull(List.of(1094L, 1095L, 1096L, 0L, -1L, Long.MAX_VALUE, 1096));
            case "double" -> DOUBLES;
            case "string" -> STRINGS;
            case "boolean" -> BOOLEANS;
            default -> throw new IllegalArgumentException(typeRef);
        };
    }

    private static List<Object> withNull(List<Object> values) {
        List<Object> all = new ArrayList<>(Arrays.asList((Object) null));
        all.addAll(values);
        return all;
    }
}

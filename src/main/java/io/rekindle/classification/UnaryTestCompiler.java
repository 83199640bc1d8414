package io.rekindle.classification;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the input entries analysts actually write (comparisons, ranges, strings, lists, {@code not(...)},
 * {@code null}, booleans) into Java tests with FEEL's three-valued semantics, as the Camunda 7.24 FEEL engine
 * (feel-scala 1.19) evaluates them. Anything else is refused, never approximated: {@code UnaryTestCompilerConformanceTest}
 * checks each accepted form against the engine, including forms the engine rejects ({@code = 5}) or reads oddly
 * ({@code NULL} is an unknown variable, {@code not(true)} never matches).
 */
final class UnaryTestCompiler {

    static final int FALSE = 0;
    static final int TRUE = 1;
    /** FEEL's null truth value: a comparison with null. It never matches, and not(null) stays null. */
    static final int UNKNOWN = -1;

    /** A compiled input entry; {@code value} has been accepted by the column's {@link ColumnType}. */
    @FunctionalInterface
    interface CellTest {
        int test(Object value);
    }

    // at most 32 digits: FEEL computes with 34 significant digits, so no accepted literal is rounded
    private static final String NUMBER = "-?\\d{1,15}(?:\\.\\d{1,17})?";
    private static final Pattern COMPARISON = Pattern.compile("(<=|>=|<|>)\\s*(" + NUMBER + ")");
    private static final Pattern INTERVAL = Pattern.compile("([\\[\\](])\\s*(" + NUMBER + ")\\s*\\.\\.\\s*(" + NUMBER + ")\\s*([\\[\\])])");
    private static final Pattern NUMBER_LITERAL = Pattern.compile(NUMBER);
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");

    private UnaryTestCompiler() {
    }

    /** @return the test, or {@code null} for an entry that matches everything ({@code -} or empty) */
    static CellTest compile(String text, ColumnType type) throws NotCompilableException {
        String entry = text == null ? "" : text.trim();
        if (entry.isEmpty() || entry.equals("-")) {
            return null;
        }
        if (entry.startsWith("not(") && entry.endsWith(")")) {
            String inner = entry.substring(4, entry.length() - 1).trim();
            if (type == ColumnType.BOOLEAN || inner.contains("not(") || inner.equals("-") || inner.isEmpty()) {
                // the engine reads not(true) and not(not(5)) as boolean expressions, not as negated tests
                throw new NotCompilableException("unsupported negation: " + entry);
            }
            CellTest negated = disjunction(inner, type);
            return value -> {
                int result = negated.test(value);
                return result == UNKNOWN ? UNKNOWN : 1 - result;
            };
        }
        return disjunction(entry, type);
    }

    private static CellTest disjunction(String entry, ColumnType type) throws NotCompilableException {
        List<String> items = splitTopLevel(entry);
        if (type == ColumnType.BOOLEAN && items.size() > 1) {
            // "true, false" matches null in the engine: a boolean list is an expression there, not a list of tests
            throw new NotCompilableException("unsupported boolean list: " + entry);
        }
        List<CellTest> tests = new ArrayList<>();
        for (String item : items) {
            tests.add(single(item, type, entry));
        }
        if (tests.size() == 1) {
            return tests.get(0);
        }
        CellTest[] all = tests.toArray(CellTest[]::new);
        return value -> {
            int result = FALSE;
            for (CellTest test : all) {
                int one = test.test(value);
                if (one == TRUE) {
                    return TRUE;
                }
                if (one == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        };
    }

    private static CellTest single(String item, ColumnType type, String entry) throws NotCompilableException {
        if (item.equals("null")) {
            return value -> value == null ? TRUE : FALSE;
        }
        if (type == ColumnType.BOOLEAN && (item.equals("true") || item.equals("false"))) {
            Boolean expected = Boolean.valueOf(item);
            return value -> expected.equals(value) ? TRUE : FALSE;
        }
        Matcher string = STRING_LITERAL.matcher(item);
        if (type == ColumnType.STRING && string.matches()) {
            String expected = string.group(1);
            return value -> expected.equals(value) ? TRUE : FALSE;
        }
        if (type.isNumber()) {
            if (NUMBER_LITERAL.matcher(item).matches()) {
                NumberLiteral expected = new NumberLiteral(item, type);
                return value -> value != null && expected.compareTo(value) == 0 ? TRUE : FALSE;
            }
            Matcher comparison = COMPARISON.matcher(item);
            if (comparison.matches()) {
                NumberLiteral bound = new NumberLiteral(comparison.group(2), type);
                return switch (comparison.group(1)) {
                    case "<" -> value -> value == null ? UNKNOWN : bound.compareTo(value) > 0 ? TRUE : FALSE;
                    case "<=" -> value -> value == null ? UNKNOWN : bound.compareTo(value) >= 0 ? TRUE : FALSE;
                    case ">" -> value -> value == null ? UNKNOWN : bound.compareTo(value) < 0 ? TRUE : FALSE;
                    default -> value -> value == null ? UNKNOWN : bound.compareTo(value) <= 0 ? TRUE : FALSE;
                };
            }
            Matcher interval = INTERVAL.matcher(item);
            if (interval.matches()) {
                NumberLiteral low = new NumberLiteral(interval.group(2), type);
                NumberLiteral high = new NumberLiteral(interval.group(3), type);
                if (low.value.compareTo(high.value) > 0) {
                    throw new NotCompilableException("empty range: " + item);
                }
                boolean lowIncluded = interval.group(1).equals("[");
                boolean highIncluded = interval.group(4).equals("]");
                return value -> {
                    if (value == null) {
                        return UNKNOWN;
                    }
                    int fromLow = low.compareTo(value);
                    int fromHigh = high.compareTo(value);
                    boolean aboveLow = lowIncluded ? fromLow <= 0 : fromLow < 0;
                    boolean belowHigh = highIncluded ? fromHigh >= 0 : fromHigh > 0;
                    return aboveLow && belowHigh ? TRUE : FALSE;
                };
            }
        }
        throw new NotCompilableException("unsupported input entry for a " + type.name().toLowerCase() + " column: " + entry);
    }

    /**
     * Splits on commas outside quotes: no accepted item contains a comma of its own. An empty item ("5,") is
     * refused, as the engine refuses it.
     */
    private static List<String> splitTopLevel(String entry) throws NotCompilableException {
        List<String> items = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                items.add(entry.substring(start, i).trim());
                start = i + 1;
            }
        }
        items.add(entry.substring(start).trim());
        if (items.stream().anyMatch(String::isEmpty)) {
            throw new NotCompilableException("empty item in list: " + entry);
        }
        return items;
    }

    /**
     * A number literal compared the way FEEL compares it with a Java value: exactly, as decimals. FEEL turns a
     * double into the decimal Java prints for it (0.1 is 0.1, not 0.1000000000000000055…), so comparing doubles
     * directly is exact whenever the literal is that printed decimal of its own double.
     */
    static final class NumberLiteral {
        final BigDecimal value;
        private final boolean exactLong;
        private final long longValue;
        private final boolean exactDouble;
        private final double doubleValue;
        private final ColumnType type;

        NumberLiteral(String text, ColumnType type) {
            this.value = new BigDecimal(text);
            this.type = type;
            this.exactLong = value.stripTrailingZeros().scale() <= 0 && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0;
            this.longValue = exactLong ? value.longValueExact() : 0;
            this.doubleValue = value.doubleValue();
            this.exactDouble = Double.isFinite(doubleValue) && BigDecimal.valueOf(doubleValue).compareTo(value) == 0;
        }

        /** Sign of (literal − value). */
        int compareTo(Object value) {
            if (type == ColumnType.DOUBLE) {
                double d = (Double) value;
                if (exactDouble) {
                    return doubleValue < d ? -1 : doubleValue > d ? 1 : 0;
                }
                return this.value.compareTo(BigDecimal.valueOf(d));
            }
            long l = ((Number) value).longValue();
            if (exactLong) {
                return Long.compare(longValue, l);
            }
            return this.value.compareTo(BigDecimal.valueOf(l));
        }
    }
}

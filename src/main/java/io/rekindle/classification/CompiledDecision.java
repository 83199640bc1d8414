package io.rekindle.classification;

import io.rekindle.classification.UnaryTestCompiler.CellTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A decision and its required decisions, compiled from the DMN file into plain Java tests: the fast path for
 * classifying a whole base every day. The DMN file stays the only place thresholds live; this class only reads it.
 *
 * <p>Compilation is all or nothing: one expression it does not understand and {@link #compile} refuses the whole
 * decision, so the caller uses the engine for that decision version. At run time an evaluation it cannot decide
 * exactly as the engine would (a value of an unexpected Java type, several matches under UNIQUE, an output taken from
 * a variable that is not there) returns empty, and the caller asks the engine for that one evaluation.
 *
 * <p>Evaluation follows the Camunda 7 DMN engine: required decisions first (depth first, in the order of their
 * requirements), each result's outputs become variables for the decisions after it, every input entry of every rule is
 * tested, and output entries of every matching rule are evaluated before the hit policy picks.
 */
public final class CompiledDecision {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> FEEL_KEYWORDS = Set.of("null", "true", "false", "not", "and", "or", "in", "between",
            "instance", "of", "if", "then", "else", "for", "some", "every", "satisfies", "return", "function");
    private static final Object ABSENT = new Object();

    private final String decisionId;
    private final List<String> variableNames;
    private final int slotCount;
    private final Table[] tables;

    private CompiledDecision(String decisionId, List<String> variableNames, int slotCount, Table[] tables) {
        this.decisionId = decisionId;
        this.variableNames = variableNames;
        this.slotCount = slotCount;
        this.tables = tables;
    }

    /**
     * @param variableNames the variables callers will pass to {@link #evaluate}, in that order; every variable the
     *                      decision reads must be one of them or an output of one of its required decisions
     */
    public static CompiledDecision compile(DmnDocument document, String decisionId, List<String> variableNames)
            throws NotCompilableException {
        if (!DmnDocument.DMN13_NAMESPACE.equals(document.namespace())) {
            throw new NotCompilableException("only DMN 1.3 files are compiled, not " + document.namespace());
        }
        requireFeel(document.expressionLanguage(), "definitions");
        List<DmnDocument.Decision> order = new ArrayList<>();
        collect(document, decisionId, order, new ArrayList<>());

        Map<String, Integer> slots = new LinkedHashMap<>();
        for (String name : variableNames) {
            if (slots.putIfAbsent(name, slots.size()) != null) {
                throw new IllegalArgumentException("variable " + name + " listed twice");
            }
        }
        // outputs of evaluated decisions become variables (overwriting a caller's variable of the same name, as in
        // the engine); a name not yet produced when a decision reads it must come from the caller
        for (DmnDocument.Decision decision : order) {
            for (DmnDocument.Output output : decision.table().outputs()) {
                if (output.name() != null) {
                    slots.computeIfAbsent(output.name(), name -> slots.size());
                }
            }
        }
        Table[] tables = new Table[order.size()];
        for (int i = 0; i < order.size(); i++) {
            tables[i] = Table.compile(order.get(i), slots, Set.copyOf(variableNames), producedBefore(order, i));
        }
        return new CompiledDecision(decisionId, List.copyOf(variableNames), slots.size(), tables);
    }

    private static Set<String> producedBefore(List<DmnDocument.Decision> order, int index) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < index; i++) {
            order.get(i).table().outputs().forEach(output -> names.add(output.name()));
        }
        return names;
    }

    private static void collect(DmnDocument document, String id, List<DmnDocument.Decision> order, List<String> path)
            throws NotCompilableException {
        DmnDocument.Decision decision = document.decisions().get(id);
        if (decision == null) {
            throw new NotCompilableException("no decision " + id);
        }
        if (path.contains(id)) {
            throw new NotCompilableException("requirement cycle through " + id);
        }
        if (order.contains(decision)) {
            return;
        }
        if (decision.table() == null) {
            throw new NotCompilableException("decision " + id + " is not a decision table");
        }
        path.add(id);
        for (String required : decision.requiredDecisionIds()) {
            collect(document, required, order, path);
        }
        path.remove(path.size() - 1);
        order.add(decision);
    }

    private static void requireFeel(String expressionLanguage, String where) throws NotCompilableException {
        if (expressionLanguage != null && !expressionLanguage.isBlank()
                && !expressionLanguage.trim().toLowerCase(Locale.ROOT).equals("feel")) {
            throw new NotCompilableException(where + " uses expression language " + expressionLanguage);
        }
    }

    public String decisionId() {
        return decisionId;
    }

    public List<String> variableNames() {
        return variableNames;
    }

    /**
     * @param values one value per {@link #variableNames()}, in that order ({@code null} allowed)
     * @return the outcome, or empty when only the engine can tell (see the class comment)
     */
    public Optional<DecisionOutcome> evaluate(Object[] values) {
        if (values.length != variableNames.size()) {
            throw new IllegalArgumentException("expected " + variableNames.size() + " values, got " + values.length);
        }
        Object[] slots = new Object[slotCount];
        System.arraycopy(values, 0, slots, 0, values.length);
        for (int i = values.length; i < slotCount; i++) {
            slots[i] = ABSENT;
        }
        List<MatchedRule> matched = new ArrayList<>(tables.length);
        Map<String, Object> outputs = Map.of();
        for (Table table : tables) {
            int rule = table.evaluate(slots);
            if (rule == Table.UNDECIDABLE) {
                return Optional.empty();
            }
            Object[] ruleOutputs = rule == Table.NO_MATCH ? null : table.outputs(rule, slots);
            if (rule != Table.NO_MATCH && ruleOutputs == null) {
                return Optional.empty();
            }
            if (rule != Table.NO_MATCH) {
                matched.add(table.matchedRules[rule]);
            }
            if (table == tables[tables.length - 1]) {
                outputs = table.outputMap(ruleOutputs);
            } else if (ruleOutputs != null) {
                table.publish(ruleOutputs, slots);
            }
        }
        return Optional.of(new DecisionOutcome(decisionId, outputs, matched));
    }

    /** One compiled decision table. */
    private static final class Table {
        static final int NO_MATCH = -1;
        static final int UNDECIDABLE = -2;

        enum HitPolicy { FIRST, UNIQUE, ANY }

        final String decisionId;
        final HitPolicy hitPolicy;
        final int[] inputSlots;
        final ColumnType[] inputTypes;
        /** [rule][input], null where the entry matches everything */
        final CellTest[][] tests;
        final String[] outputNames;
        final int[] outputSlots;
        /** [rule][output] */
        final OutputEntry[][] outputEntries;
        final boolean readsVariablesInOutputs;
        final MatchedRule[] matchedRules;

        private Table(String decisionId, HitPolicy hitPolicy, int[] inputSlots, ColumnType[] inputTypes, CellTest[][] tests,
                      String[] outputNames, int[] outputSlots, OutputEntry[][] outputEntries, MatchedRule[] matchedRules) {
            this.decisionId = decisionId;
            this.hitPolicy = hitPolicy;
            this.inputSlots = inputSlots;
            this.inputTypes = inputTypes;
            this.tests = tests;
            this.outputNames = outputNames;
            this.outputSlots = outputSlots;
            this.outputEntries = outputEntries;
            this.matchedRules = matchedRules;
            boolean readsVariables = false;
            for (OutputEntry[] entries : outputEntries) {
                for (OutputEntry entry : entries) {
                    readsVariables |= entry.slot >= 0;
                }
            }
            this.readsVariablesInOutputs = readsVariables;
        }

        static Table compile(DmnDocument.Decision decision, Map<String, Integer> slots, Set<String> callerVariables,
                             Set<String> producedBefore) throws NotCompilableException {
            DmnDocument.DecisionTable table = decision.table();
            String where = "decision " + decision.id() + ": ";
            HitPolicy hitPolicy;
            try {
                hitPolicy = HitPolicy.valueOf(table.hitPolicy().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new NotCompilableException(where + "hit policy " + table.hitPolicy() + " is not compiled");
            }
            if (table.aggregation() != null) {
                throw new NotCompilableException(where + "aggregation is not compiled");
            }
            if (table.outputs().isEmpty()) {
                throw new NotCompilableException(where + "no output");
            }
            int inputCount = table.inputs().size();
            int[] inputSlots = new int[inputCount];
            ColumnType[] inputTypes = new ColumnType[inputCount];
            for (int i = 0; i < inputCount; i++) {
                DmnDocument.Input input = table.inputs().get(i);
                requireFeel(input.expressionLanguage(), where + "input " + input.label());
                inputSlots[i] = variable(input.expression(), slots, callerVariables, producedBefore, where + "input " + input.label());
                try {
                    inputTypes[i] = ColumnType.of(input.typeRef());
                } catch (NotCompilableException e) {
                    throw new NotCompilableException(where + "input " + input.label() + ": " + e.getMessage());
                }
            }
            int outputCount = table.outputs().size();
            String[] outputNames = new String[outputCount];
            int[] outputSlots = new int[outputCount];
            ColumnType[] outputTypes = new ColumnType[outputCount];
            for (int o = 0; o < outputCount; o++) {
                DmnDocument.Output output = table.outputs().get(o);
                if (output.name() == null || output.name().isBlank()) {
                    throw new NotCompilableException(where + "output without name");
                }
                outputNames[o] = output.name();
                outputSlots[o] = slots.get(output.name());
                outputTypes[o] = output.typeRef() == null || output.typeRef().isBlank() ? null : ColumnType.of(output.typeRef());
            }
            int ruleCount = table.rules().size();
            CellTest[][] tests = new CellTest[ruleCount][inputCount];
            OutputEntry[][] outputEntries = new OutputEntry[ruleCount][outputCount];
            MatchedRule[] matchedRules = new MatchedRule[ruleCount];
            for (int r = 0; r < ruleCount; r++) {
                DmnDocument.Rule rule = table.rules().get(r);
                if (rule.inputEntries().size() != inputCount || rule.outputEntries().size() != outputCount) {
                    throw new NotCompilableException(where + "rule " + rule.id() + " does not match the columns");
                }
                for (int i = 0; i < inputCount; i++) {
                    DmnDocument.Entry entry = rule.inputEntries().get(i);
                    requireFeel(entry.expressionLanguage(), where + "rule " + rule.id());
                    try {
                        tests[r][i] = UnaryTestCompiler.compile(entry.text(), inputTypes[i]);
                    } catch (NotCompilableException e) {
                        throw new NotCompilableException(where + "rule " + rule.id() + ": " + e.getMessage());
                    }
                }
                for (int o = 0; o < outputCount; o++) {
                    DmnDocument.Entry entry = rule.outputEntries().get(o);
                    requireFeel(entry.expressionLanguage(), where + "rule " + rule.id());
                    outputEntries[r][o] = OutputEntry.compile(entry.text(), outputTypes[o], slots, callerVariables,
                            producedBefore, where + "rule " + rule.id() + ", output " + outputNames[o]);
                }
                matchedRules[r] = new MatchedRule(decision.id(), rule.id(), rule.annotation());
            }
            return new Table(decision.id(), hitPolicy, inputSlots, inputTypes, tests, outputNames, outputSlots,
                    outputEntries, matchedRules);
        }

        /** @return the index of the deciding rule, {@link #NO_MATCH} or {@link #UNDECIDABLE} */
        int evaluate(Object[] slots) {
            Object[] values = new Object[inputSlots.length];
            for (int i = 0; i < inputSlots.length; i++) {
                Object raw = slots[inputSlots[i]];
                if (raw == ABSENT) {
                    return UNDECIDABLE;
                }
                Object value = inputTypes[i].accept(raw);
                if (value == ColumnType.UNSUPPORTED) {
                    return UNDECIDABLE;
                }
                values[i] = value;
            }
            int decided = NO_MATCH;
            for (int r = 0; r < tests.length; r++) {
                if (!matches(tests[r], values)) {
                    continue;
                }
                if (decided == NO_MATCH) {
                    decided = r;
                    // later matches only matter when their outputs could fail in the engine or change the hit policy
                    if (hitPolicy == HitPolicy.FIRST && !readsVariablesInOutputs) {
                        return decided;
                    }
                    continue;
                }
                if (hitPolicy == HitPolicy.UNIQUE) {
                    return UNDECIDABLE; // the engine reports the overlap as an error
                }
                Object[] later = outputs(r, slots);
                if (later == null) {
                    return UNDECIDABLE;
                }
                if (hitPolicy == HitPolicy.ANY && !Arrays.equals(later, outputs(decided, slots))) {
                    return UNDECIDABLE; // the engine reports differing outputs as an error
                }
            }
            return decided;
        }

        private static boolean matches(CellTest[] rule, Object[] values) {
            for (int i = 0; i < rule.length; i++) {
                CellTest test = rule[i];
                if (test != null && test.test(values[i]) != UnaryTestCompiler.TRUE) {
                    return false;
                }
            }
            return true;
        }

        /** @return the rule's output values (ABSENT for empty entries), or null when only the engine can tell */
        Object[] outputs(int rule, Object[] slots) {
            OutputEntry[] entries = outputEntries[rule];
            Object[] values = new Object[entries.length];
            for (int o = 0; o < entries.length; o++) {
                Object value = entries[o].value(slots);
                if (value == ColumnType.UNSUPPORTED) {
                    return null;
                }
                values[o] = value;
            }
            return values;
        }

        Map<String, Object> outputMap(Object[] values) {
            if (values == null) {
                return Map.of();
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (int o = 0; o < values.length; o++) {
                if (values[o] != ABSENT) {
                    map.put(outputNames[o], values[o]);
                }
            }
            return map;
        }

        void publish(Object[] values, Object[] slots) {
            for (int o = 0; o < values.length; o++) {
                if (values[o] != ABSENT) {
                    slots[outputSlots[o]] = values[o];
                }
            }
        }
    }

    /** An output entry: a constant, or the value of a variable (slot ≥ 0) converted to the output's type. */
    private record OutputEntry(Object constant, int slot, ColumnType type) {

        private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");
        private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(?:\\.\\d{1,17})?");

        static OutputEntry compile(String text, ColumnType type, Map<String, Integer> slots, Set<String> callerVariables,
                                   Set<String> producedBefore, String where) throws NotCompilableException {
            String entry = text == null ? "" : text.trim();
            if (entry.isEmpty()) {
                return new OutputEntry(ABSENT, -1, type); // the engine leaves the output out of the result
            }
            if (entry.equals("null")) {
                return new OutputEntry(null, -1, type);
            }
            if (STRING.matcher(entry).matches() && (type == null || type == ColumnType.STRING)) {
                return new OutputEntry(entry.substring(1, entry.length() - 1), -1, type);
            }
            if ((entry.equals("true") || entry.equals("false")) && (type == null || type == ColumnType.BOOLEAN)) {
                return new OutputEntry(Boolean.valueOf(entry), -1, type);
            }
            if (NUMBER.matcher(entry).matches() && type != null && type.isNumber()) {
                BigDecimal number = new BigDecimal(entry);
                try {
                    Object constant = switch (type) {
                        case INTEGER -> number.intValueExact();
                        case LONG -> number.longValueExact();
                        default -> number.doubleValue();
                    };
                    return new OutputEntry(constant, -1, type);
                } catch (ArithmeticException e) {
                    throw new NotCompilableException(where + ": " + entry + " is not a whole " + type.name().toLowerCase());
                }
            }
            if (type != null && NAME.matcher(entry).matches() && !FEEL_KEYWORDS.contains(entry)) {
                return new OutputEntry(null, variable(entry, slots, callerVariables, producedBefore, where), type);
            }
            throw new NotCompilableException(where + ": unsupported output entry " + entry);
        }

        Object value(Object[] slots) {
            if (slot < 0) {
                return constant;
            }
            Object value = slots[slot];
            return value == ABSENT ? ColumnType.UNSUPPORTED : type.convertOutput(value);
        }
    }

    /** The slot of a variable the decision reads, which must exist by the time the decision is evaluated. */
    private static int variable(String expression, Map<String, Integer> slots, Set<String> callerVariables,
                                Set<String> producedBefore, String where) throws NotCompilableException {
        String name = expression == null ? "" : expression.trim();
        if (!NAME.matcher(name).matches() || FEEL_KEYWORDS.contains(name)) {
            throw new NotCompilableException(where + ": only a variable name is compiled, not '" + name + "'");
        }
        if (!callerVariables.contains(name) && !producedBefore.contains(name)) {
            throw new NotCompilableException(where + ": unknown variable " + name);
        }
        return slots.get(name);
    }
}

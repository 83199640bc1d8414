package io.rekindle.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A variant experiment as a "Split into variants" step declares it in the diagram: id, name, arms with weights
 * ({@code A:50,B:50}), goal metric and salt (default {@code variant:<id>}). {@link #parse} checks every field and says
 * in one sentence what is wrong: the step then fails into an incident marketing ops can read in Cockpit, never a
 * silent default.
 */
public record VariantSpec(String id, String name, List<Arm> arms, GoalMetric goal, String salt) {

    /** The delegate expression of a "Split into variants" step. */
    public static final String DELEGATE = "${splitIntoVariants}";

    /** Lower-case letters, digits and hyphens: the id goes into URLs and never collides with holdout:… ids. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");
    /** An arm name is compared in a sequence flow's condition: letters, digits, hyphen, underscore. */
    private static final Pattern ARM = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    public VariantSpec {
        arms = List.copyOf(arms);
    }

    /** The step's inputs, checked; an {@link IllegalArgumentException} with a readable message when one is wrong. */
    public static VariantSpec parse(Object id, Object name, Object arms, Object goal, Object salt) {
        String experiment = text(id);
        if (experiment == null || !ID.matcher(experiment).matches() || experiment.equals(Holdouts.GLOBAL_CONTROL)) {
            throw new IllegalArgumentException("Split into variants: the experiment id must be 1 to 60 lower-case"
                    + " letters, digits and hyphens (and not global-control), not '" + experiment + "'.");
        }
        String title = text(name);
        if (title == null || title.length() > 200) {
            throw new IllegalArgumentException("Split into variants: experiment " + experiment
                    + " needs a name of at most 200 characters.");
        }
        List<Arm> parsed = arms(experiment, text(arms));
        GoalMetric metric;
        try {
            metric = GoalMetric.valueOf(String.valueOf(text(goal)).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Split into variants: experiment " + experiment + " has goal metric '"
                    + text(goal) + "'; it must be one of CONVERSION, REACTIVATION, REVENUE_PER_CONTACT,"
                    + " UNSUBSCRIBE_RATE.");
        }
        String saltText = text(salt);
        if (saltText != null && saltText.length() > 120) {
            throw new IllegalArgumentException("Split into variants: experiment " + experiment
                    + " has a salt longer than 120 characters.");
        }
        return new VariantSpec(experiment, title, parsed, metric, saltText == null ? "variant:" + experiment : saltText);
    }

    /** {@link #parse} on a step's input parameters as written in the diagram. */
    public static VariantSpec parse(Map<String, String> inputs) {
        return parse(inputs.get("experimentId"), inputs.get("experimentName"), inputs.get("arms"),
                inputs.get("goalMetric"), inputs.get("salt"));
    }

    /** The arms as stored and compared: {@code A:50,B:50}. */
    public String armsText() {
        return arms.stream().map(a -> a.name() + ":" + a.weight()).collect(Collectors.joining(","));
    }

    public Assignment assignment() {
        return new Assignment(salt, arms);
    }

    /** The first arm: the one the others are compared with (unless the experiment has held-out contacts). */
    public String control() {
        return arms.get(0).name();
    }

    /** Whether {@code arm} is one of the declared arms (not the holdout of contacts sent nothing). */
    public boolean declares(String arm) {
        return arms.stream().anyMatch(a -> a.name().equals(arm));
    }

    static List<Arm> arms(String experiment, String text) {
        String problem = "Split into variants: experiment " + experiment + " needs at least two arms written as"
                + " name:weight separated by commas, e.g. A:50,B:50 (names: letters, digits, - or _; weights: whole"
                + " numbers, not all 0)";
        if (text == null || text.length() > 400) {
            throw new IllegalArgumentException(problem + ".");
        }
        List<Arm> arms = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String[] nameWeight = part.trim().split(":", -1);
            if (nameWeight.length != 2 || !ARM.matcher(nameWeight[0].trim()).matches()
                    || !nameWeight[1].trim().matches("[0-9]{1,6}")) {
                throw new IllegalArgumentException(problem + "; '" + part.trim() + "' is not.");
            }
            arms.add(new Arm(nameWeight[0].trim(), Integer.parseInt(nameWeight[1].trim())));
        }
        if (arms.size() < 2 || arms.stream().mapToInt(Arm::weight).sum() == 0) {
            throw new IllegalArgumentException(problem + "; '" + text + "' is not.");
        }
        if (arms.stream().anyMatch(a -> a.name().equalsIgnoreCase(Holdouts.HOLDOUT))) {
            throw new IllegalArgumentException(problem + "; 'holdout' is kept for the contacts a holdout sends"
                    + " nothing, give the arm another name.");
        }
        if (arms.stream().map(Arm::name).distinct().count() != arms.size()) {
            throw new IllegalArgumentException(problem + "; '" + text + "' names an arm twice.");
        }
        return arms;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? null : text;
    }
}

package io.rekindle.classification;

import io.rekindle.contact.EmailStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Seeded random inputs that hit the tables where they can go wrong: nulls, and values at and next to every number
 * written in the DMN file (read from the file, so new thresholds are covered without touching the test).
 */
final class RandomInputs {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    private final Random random;
    private final Map<String, List<Double>> thresholds;

    RandomInputs(long seed, byte[] dmn) {
        this.random = new Random(seed);
        this.thresholds = thresholdsByVariable(DmnDocument.parse(dmn));
    }

    /** Every number in the input entries of each variable's columns, across all decisions of the file. */
    static Map<String, List<Double>> thresholdsByVariable(DmnDocument document) {
        Map<String, TreeSet<Double>> found = new java.util.HashMap<>();
        for (DmnDocument.Decision decision : document.decisions().values()) {
            List<DmnDocument.Input> inputs = decision.table().inputs();
            for (DmnDocument.Rule rule : decision.table().rules()) {
                for (int i = 0; i < inputs.size(); i++) {
                    Matcher numbers = NUMBER.matcher(rule.inputEntries().get(i).text());
                    while (numbers.find()) {
                        found.computeIfAbsent(inputs.get(i).expression().trim(), name -> new TreeSet<>())
                                .add(new BigDecimal(numbers.group()).doubleValue());
                    }
                }
            }
        }
        return found.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
    }

    ClassificationInput classification() {
        return new ClassificationInput(days("daysSinceSignUp"), days("daysSinceLastPurchase"), days("daysSinceLastVisit"),
                days("daysSinceLastOpen"), days("daysSinceLastClick"), whole("purchaseCount", 0, 30),
                money("revenue"), whole("loyaltyPointsChange", -500, 500), pick(EmailStatus.values()),
                whole("usualReorderDays", 1, 400), whole("daysOverdueVsCadence", -400, 3000));
    }

    Object[] channel() {
        EmailStatus picked = pick(EmailStatus.values());
        String status = picked == null ? null : picked.name();
        return new Object[] {status, bool(), days("emailReactivity"), bool(), bool()};
    }

    List<ClassificationInput> classifications(int count) {
        List<ClassificationInput> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(classification());
        }
        return inputs;
    }

    private Integer days(String variable) {
        return whole(variable, 0, 3000);
    }

    private Integer whole(String variable, int min, int max) {
        int dice = random.nextInt(10);
        if (dice < 2) {
            return null;
        }
        List<Double> near = thresholds.getOrDefault(variable, List.of());
        if (dice < 6 && !near.isEmpty()) {
            return (int) Math.round(near.get(random.nextInt(near.size()))) + random.nextInt(3) - 1;
        }
        return min + random.nextInt(max - min + 1);
    }

    private Double money(String variable) {
        int dice = random.nextInt(10);
        if (dice < 2) {
            return null;
        }
        List<Double> near = thresholds.getOrDefault(variable, List.of());
        if (dice < 6 && !near.isEmpty()) {
            double threshold = near.get(random.nextInt(near.size()));
            return switch (random.nextInt(5)) {
                case 0 -> Math.nextDown(threshold);
                case 1 -> Math.nextUp(threshold);
                case 2 -> threshold - 0.01;
                case 3 -> threshold + 0.01;
                default -> threshold;
            };
        }
        return random.nextInt(500_000) / 100.0;
    }

    private Boolean bool() {
        int dice = random.nextInt(10);
        return dice == 0 ? null : dice <= 5;
    }

    private <T> T pick(T[] values) {
        int index = random.nextInt(values.length + 1);
        return index == values.length ? null : values[index];
    }
}

package io.rekindle.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.EventType;
import io.rekindle.system.FieldProblemException;

import org.springframework.stereotype.Component;

/**
 * Which of our event types an inbound event is, by its Segment event name or CloudEvents {@code type} (exact,
 * case-sensitive, as both formats treat names): the defaults below, overridden or extended by
 * {@code rekindle.ingest.events}. A name mapped to IGNORE, or not mapped at all, is taken and ignored: a company's
 * stream carries many events no journey needs, and they are not errors.
 */
@Component
public class EventMapping {

    /** The documented default table (Segment's e-commerce spec names, and the same in CloudEvents' dotted style). */
    static final Map<String, String> DEFAULTS = defaults();

    /** What a name may map to: the event types that need nothing but a contact (and an amount for a purchase). */
    static final List<String> TARGETS = List.of("PURCHASE", "VISIT", "UNSUBSCRIBED", "LOYALTY_POINTS", "IGNORE");

    private final Map<String, Optional<EventType>> table;

    EventMapping(IngestProperties properties) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        if (properties.events() != null) {
            merged.putAll(properties.events());
        }
        Map<String, Optional<EventType>> table = new LinkedHashMap<>();
        merged.forEach((name, target) -> {
            String value = target.strip().toUpperCase(Locale.ROOT);
            if (!TARGETS.contains(value)) {
                throw new IllegalStateException("rekindle.ingest.events[" + name + "]=" + target + ": expected one of "
                        + TARGETS);
            }
            table.put(name, value.equals("IGNORE") ? Optional.empty() : Optional.of(EventType.valueOf(value)));
        });
        this.table = Collections.unmodifiableMap(table);
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("Order Completed", "PURCHASE");
        defaults.put("Page Viewed", "VISIT");
        defaults.put("Product Viewed", "VISIT");
        // not in Segment's spec: the name a loyalty programme's "balance changed" track call is usually given
        defaults.put("Loyalty Points Updated", "LOYALTY_POINTS");
        defaults.put("order.completed", "PURCHASE");
        defaults.put("page.viewed", "VISIT");
        defaults.put("product.viewed", "VISIT");
        defaults.put("loyalty.points.updated", "LOYALTY_POINTS");
        return Collections.unmodifiableMap(defaults);
    }

    /** Our event type for {@code name}; empty when the name is ignored (mapped to IGNORE or not mapped). */
    public Optional<EventType> typeOf(String name) {
        return table.getOrDefault(name, Optional.empty());
    }

    /**
     * A purchase's amount: the first of {@code fields} present in {@code properties} (a JSON number, or a string
     * holding one), rounded to the cent; null when none is present. {@code where} names the object in a problem.
     */
    static BigDecimal amount(JsonNode properties, String where, String... fields) {
        BigDecimal amount = number(properties, where, fields);
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * A loyalty balance: the first of {@code fields} present, as sent (whether it is a whole number in range is the
     * event API's own rule, checked after); null when none is present.
     */
    static BigDecimal points(JsonNode properties, String where, String... fields) {
        return number(properties, where, fields);
    }

    private static BigDecimal number(JsonNode properties, String where, String... fields) {
        for (String field : fields) {
            JsonNode value = properties.path(field);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            BigDecimal number;
            if (value.isNumber()) {
                number = value.decimalValue();
            } else if (value.isTextual()) {
                try {
                    number = new BigDecimal(value.asText().strip());
                } catch (NumberFormatException e) {
                    throw new FieldProblemException(where + "." + field, "must be a number");
                }
            } else {
                throw new FieldProblemException(where + "." + field, "must be a number");
            }
            if (number.abs().compareTo(new BigDecimal("1e12")) >= 0) {
                throw new FieldProblemException(where + "." + field, "is out of range");
            }
            return number;
        }
        return null;
    }

    /** The first of {@code fields} present in {@code properties} as a string (an offer code); null when none. */
    static String text(JsonNode properties, String where, String... fields) {
        for (String field : fields) {
            JsonNode value = properties.path(field);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new FieldProblemException(where + "." + field, "must be a string");
            }
            return value.asText();
        }
        return null;
    }
}

package io.rekindle.kpi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the KPIs count: a purchase is a conversion of the last message the contact was sent within
 * {@code attributionWindow} before it (last touch); {@code costPerMessage} per channel prices the sends.
 */
@ConfigurationProperties("rekindle.kpi")
public record KpiProperties(
        @DefaultValue("P7D") Duration attributionWindow,
        Map<String, BigDecimal> costPerMessage) {

    BigDecimal cost(String channel) {
        return costPerMessage == null ? BigDecimal.ZERO : costPerMessage.getOrDefault(channel, BigDecimal.ZERO);
    }
}

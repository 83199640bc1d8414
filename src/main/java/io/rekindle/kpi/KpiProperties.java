package io.rekindle.kpi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
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
        if (costPerMessage == null) {
            return BigDecimal.ZERO;
        }
        // REKINDLE_KPI_COSTPERMESSAGE_EMAIL binds to the key "email": the spelling of the defaults, so that it
        // replaces them; a key spelled as the channel (EMAIL) in one's own configuration comes first
        BigDecimal cost = costPerMessage.get(channel);
        return cost != null ? cost : costPerMessage.getOrDefault(channel.toLowerCase(Locale.ROOT), BigDecimal.ZERO);
    }
}

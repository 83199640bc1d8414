package io.rekindle.experiment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The holdouts marketing ops set up ({@code rekindle.experiments}): the global control group, a holdout per journey
 * (by process id) and the templates no holdout ever holds back. Shares are percentages of contacts, 0 to 100, to two
 * decimals; 0 (the default) turns a holdout off. {@code minimumEffect}: the smallest difference of conversion rates,
 * in percentage points, an experiment's result plans its sample size for (default 2; a request may ask for another).
 */
@ConfigurationProperties("rekindle.experiments")
public record ExperimentProperties(
        @DefaultValue GlobalControl globalControl,
        Map<String, Holdout> holdout,
        @DefaultValue({"farewell", "welcome"}) List<String> transactionalTemplates,
        @DefaultValue("2") BigDecimal minimumEffect) {

    public ExperimentProperties {
        holdout = holdout == null ? Map.of() : Map.copyOf(holdout);
        transactionalTemplates = transactionalTemplates == null ? List.of() : List.copyOf(transactionalTemplates);
        minimumEffect = minimumEffect == null ? BigDecimal.valueOf(2) : minimumEffect;
        if (minimumEffect.signum() <= 0 || minimumEffect.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("rekindle.experiments.minimum-effect is a number of points above 0 and"
                    + " at most 100, not " + minimumEffect + ".");
        }
    }

    /** A share of all contacts who get no marketing from any journey. */
    public record GlobalControl(@DefaultValue("0") BigDecimal share, @DefaultValue("global-control") String salt) {

        public GlobalControl {
            share = checked(share, "rekindle.experiments.global-control.share");
        }
    }

    /** A share of the contacts entering one journey who follow it without being sent anything. */
    public record Holdout(@DefaultValue("0") BigDecimal share, String salt) {

        public Holdout {
            share = checked(share, "rekindle.experiments.holdout.<journey>.share");
        }

        /** The configured salt, or the experiment's id when none is set: the one rule both sides must share. */
        String saltOr(String experimentId) {
            return salt == null || salt.isBlank() ? experimentId : salt;
        }
    }

    /**
     * The holdout of this journey, if one is set up. Keys are matched without case and hyphens: an environment
     * variable cannot carry a hyphen in a map key ({@code REKINDLE_EXPERIMENTS_HOLDOUT_INACTIVEWINBACK_SHARE} binds
     * {@code inactivewinback}).
     */
    Optional<Holdout> holdoutOf(String processKey) {
        String wanted = plain(processKey);
        return holdout.entrySet().stream().filter(e -> plain(e.getKey()).equals(wanted)).map(Map.Entry::getValue)
                .findFirst();
    }

    Set<String> transactional() {
        return Set.copyOf(transactionalTemplates);
    }

    private static String plain(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static BigDecimal checked(BigDecimal share, String property) {
        BigDecimal value = share == null ? BigDecimal.ZERO : share;
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(property + " is a percentage from 0 to 100, not " + value + ".");
        }
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}

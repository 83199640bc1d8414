package io.rekindle.simulation;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A persona and its timeline, for the journey simulator. Days count from the persona's start (day 0: sign-up for
 * the new sign-up relaunch, entering INACTIVE for the win-back). Events: PURCHASE (amount), VISIT, EMAIL_OPENED,
 * EMAIL_CLICKED (the last message the persona received).
 */
public record SimulationRequest(
        @NotNull @Pattern(regexp = "new-signup-relaunch|inactive-winback",
                message = "must be new-signup-relaunch or inactive-winback") String journey,
        @NotNull @Valid Persona persona,
        @NotNull @Size(max = 50) List<@Valid @NotNull Step> timeline,
        @Min(1) @Max(720) Integer horizonDays) {

    public record Persona(
            @Pattern(regexp = "fr|en", message = "must be 'fr' or 'en'") String locale,
            Boolean emailConsent,
            Boolean smsConsent,
            @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 format") String phone) {
    }

    public record Step(
            @NotNull @Min(0) @Max(720) Integer day,
            @NotNull @Pattern(regexp = "PURCHASE|VISIT|EMAIL_OPENED|EMAIL_CLICKED",
                    message = "must be PURCHASE, VISIT, EMAIL_OPENED or EMAIL_CLICKED") String type,
            @DecimalMin(value = "0.01", message = "must be positive") @Digits(integer = 12, fraction = 2)
            BigDecimal amount) {
    }

    int horizon() {
        return horizonDays == null ? 365 : horizonDays;
    }
}

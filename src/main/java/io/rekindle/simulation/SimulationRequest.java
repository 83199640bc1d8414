package io.rekindle.simulation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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
 * EMAIL_CLICKED (the last message the persona received). {@code persona.arms}: the arm the persona takes at a variant
 * split, per experiment id ({@code {"subject-test": "B"}}), instead of the one its contact id hashes into; plain names
 * only, compared with the arms the deployed split declares, never evaluated.
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
            @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 format") String phone,
            @Size(max = 20) Map<
                    @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,59}",
                            message = "must be an experiment id: lower-case letters, digits and hyphens") String,
                    @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,40}",
                            message = "must be an arm name: letters, digits, - or _") String> arms) {

        Map<String, String> chosenArms() {
            return arms == null ? Map.of() : arms;
        }
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

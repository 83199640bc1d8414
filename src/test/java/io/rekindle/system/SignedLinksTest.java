package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SignedLinksTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final String SECRET = "a-test-secret-of-more-than-32-characters";

    private final SignedLinks links = new SignedLinks(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aGenuineTokenGivesItsIdsBackUntilItExpires() {
        String token = links.sign("survey", List.of("42", "b3c1-99"), NOW.plus(Duration.ofDays(30)));

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(links.verify("survey", token)).contains(List.of("42", "b3c1-99"));
        var later = new SignedLinks(SECRET, Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC));
        assertThat(later.verify("survey", token)).contains(List.of("42", "b3c1-99"));
        var tooLate = new SignedLinks(SECRET, Clock.fixed(NOW.plus(Duration.ofDays(30)).plusSeconds(1), ZoneOffset.UTC));
        assertThat(tooLate.verify("survey", token)).isEmpty();
    }

    @Test
    void anAlteredForgedOrMisusedTokenIsRefused() {
        String token = links.sign("survey", List.of("42", "pi-1"), NOW.plus(Duration.ofDays(1)));
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        String otherContact = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).replace("|42|", "|43|")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(links.verify("survey", otherContact + "." + signature)).as("another contact").isEmpty();
        char last = signature.charAt(signature.length() - 1);
        assertThat(links.verify("survey", payload + "." + signature.substring(0, signature.length() - 1)
                + (last == 'A' ? 'B' : 'A'))).as("signature changed").isEmpty();
        assertThat(links.verify("unsubscribe", token)).as("another purpose").isEmpty();
        assertThat(new SignedLinks("another-secret-of-more-than-32-characters", Clock.fixed(NOW, ZoneOffset.UTC))
                .verify("survey", token)).as("another key").isEmpty();
        for (String garbage : new String[] {null, "", ".", "abc", "abc.", "a.b.c", "%%%.%%%", "x".repeat(5000)}) {
            assertThat(links.verify("survey", garbage)).as(String.valueOf(garbage)).isEmpty();
        }
    }

    @Test
    void afterARotationTheLinksAlreadySentStillOpenAndNewOnesUseTheNewKey() {
        String sentBefore = links.sign("unsubscribe", List.of("42", "7"), NOW.plus(Duration.ofDays(365)));
        String newSecret = "the-new-secret-of-more-than-32-characters";

        var rotated = new SignedLinks(newSecret, List.of(SECRET), Clock.fixed(NOW, ZoneOffset.UTC));
        var forgotten = new SignedLinks(newSecret, List.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        String sentAfter = rotated.sign("unsubscribe", List.of("42", "8"), NOW.plus(Duration.ofDays(365)));

        assertThat(rotated.verify("unsubscribe", sentBefore)).as("old key kept").contains(List.of("42", "7"));
        assertThat(forgotten.verify("unsubscribe", sentBefore)).as("old key dropped").isEmpty();
        assertThat(rotated.verify("unsubscribe", sentAfter)).contains(List.of("42", "8"));
        assertThat(links.verify("unsubscribe", sentAfter)).as("signed with the new key only").isEmpty();
        assertThat(rotated.verify("survey", sentBefore)).as("purpose still checked").isEmpty();
        assertThatThrownBy(() -> new SignedLinks(newSecret, List.of("short"), Clock.systemUTC()))
                .hasMessageContaining("REKINDLE_PREVIOUS_LINK_SECRETS");
    }

    @Test
    void aShortSecretOrAnUnsignableIdIsRefused() {
        assertThatThrownBy(() -> new SignedLinks("short", Clock.systemUTC())).hasMessageContaining("REKINDLE_LINK_SECRET");
        assertThatThrownBy(() -> links.sign("survey", List.of("a|b"), NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.rekindle.system;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a production secret must at least be. Not a password policy for people: a floor that stops the start when
 * a deployment was given a placeholder ({@code admin}, {@code changeme}, 32 × "a"). The secret itself is never
 * repeated in a message.
 */
final class SecretStrength {

    private static final Set<String> KNOWN_WEAK = Set.of("admin", "administrator", "password", "changeme",
            "change-me", "changeit", "secret", "camunda", "demo", "rekindle", "letmein", "welcome", "qwerty",
            "azerty", "123456", "12345678", "123456789", "1234567890", "motdepasse", "test", "root");

    private SecretStrength() {
    }

    /** Why {@code password} is too weak for a production administrator, if it is. */
    static Optional<String> weakPassword(String password) {
        String normal = password.strip().toLowerCase(Locale.ROOT);
        if (KNOWN_WEAK.contains(normal) || KNOWN_WEAK.contains(normal.replaceAll("[0-9!.]+$", ""))) {
            return Optional.of("is a well-known password");
        }
        if (password.length() < 12) {
            return Optional.of("is shorter than 12 characters");
        }
        if (password.chars().distinct().count() < 6 || repeats(password)) {
            return Optional.of("is too repetitive");
        }
        return Optional.empty();
    }

    /** Why {@code secret} is too weak to sign links, if it is: long, and not a few characters over and over. */
    static Optional<String> weakKey(String secret) {
        if (secret.length() < 32) {
            return Optional.of("is shorter than 32 characters");
        }
        if (secret.chars().distinct().count() < 12 || repeats(secret)) {
            return Optional.of("is not random enough (use `openssl rand -base64 48`)");
        }
        return Optional.empty();
    }

    /** A short block over and over ("abcabcabc…"). */
    private static boolean repeats(String text) {
        for (int block = 1; block <= text.length() / 2; block++) {
            if (text.length() % block == 0 && text.substring(0, block).repeat(text.length() / block).equals(text)) {
                return true;
            }
        }
        return false;
    }
}

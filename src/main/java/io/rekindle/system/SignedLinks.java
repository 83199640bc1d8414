package io.rekindle.system;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Tokens for links we put in front of people who have no login (survey page, later tracking and
 * unsubscribe): URL-safe, {@code base64url(purpose|id|id…|expiryEpochSeconds).base64url(HMAC-SHA256)}.
 * The purpose is signed too, so a token minted for one kind of link never opens another. The key is
 * {@code rekindle.security.link-secret} ({@code REKINDLE_LINK_SECRET}). Links already in people's mailboxes outlive a
 * key: after a rotation, the keys listed in {@code rekindle.security.previous-link-secrets}
 * ({@code REKINDLE_PREVIOUS_LINK_SECRETS}, comma-separated) still verify; only the current key signs.
 */
@Component
public class SignedLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,500}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** The current key first, then the retired ones that still verify. */
    private final List<SecretKeySpec> verifying;
    private final Clock clock;

    public SignedLinks(String secret, Clock clock) {
        this(secret, List.of(), clock);
    }

    @Autowired
    public SignedLinks(@Value("${rekindle.security.link-secret}") String secret,
            @Value("${rekindle.security.previous-link-secrets:}") List<String> previousSecrets, Clock clock) {
        this.key = keyOf(secret, "rekindle.security.link-secret (REKINDLE_LINK_SECRET)");
        var keys = new ArrayList<SecretKeySpec>(List.of(key));
        for (String previous : previousSecrets) {
            if (previous != null && !previous.isBlank()) {
                keys.add(keyOf(previous.strip(),
                        "each of rekindle.security.previous-link-secrets (REKINDLE_PREVIOUS_LINK_SECRETS)"));
            }
        }
        this.verifying = List.copyOf(keys);
        this.clock = clock;
    }

    private static SecretKeySpec keyOf(String secret, String setting) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalStateException(setting + " must be at least 32 characters of random text");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** A token for {@code purpose} carrying {@code ids}, valid until {@code expiresAt}. */
    public String sign(String purpose, List<String> ids, Instant expiresAt) {
        requireValue(purpose);
        ids.forEach(SignedLinks::requireValue);
        String payload = purpose + "|" + String.join("|", ids) + "|" + expiresAt.getEpochSecond();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(key, bytes));
    }

    /**
     * The ids of a genuine, unexpired token of this purpose, or empty for anything else (forged,
     * altered, expired, another purpose, garbage). Never throws on what a visitor typed.
     */
    public Optional<List<String>> verify(String purpose, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0 || !PART.matcher(token.substring(0, dot)).matches()
                || !PART.matcher(token.substring(dot + 1)).matches()) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (verifying.stream().noneMatch(k -> MessageDigest.isEqual(mac(k, payload), signature))) {
            return Optional.empty();
        }
        List<String> parts = Arrays.asList(new String(payload, StandardCharsets.UTF_8).split("\\|", -1));
        if (parts.size() < 2 || !parts.get(0).equals(purpose)) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(parts.get(parts.size() - 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(Instant.ofEpochSecond(expiry))) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(parts.subList(1, parts.size() - 1)));
    }

    private static byte[] mac(SecretKeySpec key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static void requireValue(String value) {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a signable value: letters, digits, '_', '-', '.', ':' only");
        }
    }
}

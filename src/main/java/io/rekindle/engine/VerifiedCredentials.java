package io.rekindle.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Credentials the engine verified a moment ago, with the user's authorities: an integration sending hundreds of
 * requests a second with the same HTTP Basic credentials costs one password hash and one identity lookup per
 * {@code rekindle.security.credentials-cache-ttl} (default 60 s; {@code PT0S}: no cache), not one per request.
 * <p>
 * The key is the user and an HMAC of user and password under a key drawn at start-up and never stored: the plain
 * password is never kept, and a memory dump gives nothing to test guesses against offline. Only a success is kept;
 * a wrong password always reaches the engine (and the login throttle). A change of users, passwords, groups or
 * memberships through the engine on this node (Admin webapp, identity service) empties the cache once it commits
 * ({@link EngineInternals.IdentityChanges}); a change made on another node, or in the database directly, stops
 * granting here at the latest when the entry expires, one TTL after it was verified.
 */
@Component
class VerifiedCredentials {

    /** Entries kept at most: bounded memory whatever the number of users and passwords tried. */
    static final int MAX_ENTRIES = 10_000;

    private record Key(String user, String mac) {
    }

    private final Cache<Key, List<GrantedAuthority>> verified;
    private final SecretKeySpec key;
    /** Moves on at every {@link #forgetAll()}: a verification that overlapped a change keeps nothing. */
    private final AtomicLong generation = new AtomicLong();

    VerifiedCredentials(@Value("${rekindle.security.credentials-cache-ttl:PT60S}") Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("rekindle.security.credentials-cache-ttl must not be negative");
        }
        this.verified = ttl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_ENTRIES).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * The authorities of these credentials: from the cache when they were verified within the TTL, otherwise from
     * {@code verify}, which checks them against the engine and throws when they are wrong (nothing is kept then).
     */
    List<GrantedAuthority> authorities(String user, String password, Supplier<List<GrantedAuthority>> verify) {
        if (verified == null) {
            return verify.get();
        }
        Key entry = new Key(user, mac(user, password));
        long before = generation.get();
        // one verification per entry at a time: when it expires under load, the requests that arrive meanwhile wait
        // for that one instead of each asking the engine (a wrong password throws and leaves nothing)
        List<GrantedAuthority> authorities = verified.get(entry, unknown -> List.copyOf(verify.get()));
        if (generation.get() != before) {
            // the engine may have answered from the state before a change that committed meanwhile
            verified.invalidate(entry);
        }
        return authorities;
    }

    /** Users, passwords or memberships changed: every user is verified against the engine again. */
    void forgetAll() {
        generation.incrementAndGet();
        Optional.ofNullable(verified).ifPresent(Cache::invalidateAll);
    }

    private String mac(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0); // "ab" + "c" and "a" + "bc" are two users
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}

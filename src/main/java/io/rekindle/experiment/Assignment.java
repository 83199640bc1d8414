package io.rekindle.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deterministic arm assignment: the same contact, salt and arms give the same arm on every node, after every restart,
 * in every JVM (SHA-256, which every JVM ships, of {@code "salt:contactId"}; never {@code String.hashCode} or a
 * random generator).
 *
 * <p>How: the first 32 bits of the digest are the contact's <em>position</em> in [0, 2<sup>32</sup>), uniform and
 * fixed for a (salt, contact). The arms cut that range into consecutive intervals in the order they are declared,
 * each as wide as its weight's share of the total: bucket = ⌊position × total / 2<sup>32</sup>⌋, and the arm is the
 * one whose cumulative weights cover the bucket. Each arm's share of positions is exact to one part in
 * 2<sup>32</sup>.
 *
 * <p>Changing weights: a contact's position never moves, only the boundaries between arms do. Contacts whose
 * position lies between an old and a new boundary change arm, all the others keep theirs. Keeping the total constant
 * (weights summing to 100, say) and moving weight between two <em>adjacent</em> arms therefore moves only contacts
 * between those two arms; changing the total shifts every boundary proportionally. A running experiment must not
 * change its weights at all (its assignments are recorded and must stay true): stop it and start a new one with a
 * new salt. Two experiments with different salts split contacts independently of each other.
 */
public final class Assignment {

    private final String salt;
    private final List<Arm> arms;
    private final long total;

    public Assignment(String salt, List<Arm> arms) {
        if (salt == null || salt.isBlank()) {
            throw new IllegalArgumentException("An assignment needs a salt.");
        }
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("An assignment needs at least one arm.");
        }
        Set<String> names = new HashSet<>();
        int sum = 0;
        for (Arm arm : arms) {
            if (!names.add(arm.name())) {
                throw new IllegalArgumentException("Arm " + arm.name() + " is declared twice.");
            }
            if (arm.weight() > Integer.MAX_VALUE - sum) {
                throw new IllegalArgumentException("The arms' weights add up to more than " + Integer.MAX_VALUE + ".");
            }
            sum += arm.weight();
        }
        if (sum == 0) {
            throw new IllegalArgumentException("The arms' weights add up to 0.");
        }
        this.salt = salt;
        this.arms = List.copyOf(arms);
        this.total = sum;
    }

    /** The arm of this contact. */
    public String armFor(long contactId) {
        // position < 2^32 and total < 2^31: the product fits in a long, and the shift is an exact floor division
        long bucket = (position(salt, contactId) * total) >>> 32;
        long upTo = 0;
        for (Arm arm : arms) {
            upTo += arm.weight();
            if (bucket < upTo) {
                return arm.name();
            }
        }
        throw new IllegalStateException("unreachable: bucket " + bucket + " of " + total);
    }

    /** The experiment's salt. */
    public String salt() {
        return salt;
    }

    /** The arms in the order their intervals are cut. */
    public List<Arm> arms() {
        return arms;
    }

    /** The first 32 bits of SHA-256("salt:contactId"), unsigned, in [0, 2^32). */
    static long position(String salt, long contactId) {
        byte[] digest = sha256().digest((salt + ":" + contactId).getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}

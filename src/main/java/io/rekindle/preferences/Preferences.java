package io.rekindle.preferences;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A contact's choices as they stand: channels on or off, the topics turned off, the frequency and, for a pause, its
 * end. {@code updatedAt} null: the contact never chose ({@link #NONE}, everything as usual).
 */
public record Preferences(boolean email, boolean sms, Set<String> topicsOff, Frequency frequency,
        Instant pausedUntil, Instant updatedAt) {

    public static final Preferences NONE = new Preferences(true, true, Set.of(), Frequency.AS_USUAL, null, null);

    public Preferences {
        topicsOff = Set.copyOf(new TreeSet<>(topicsOff));
    }

    /** The frequency that applies at {@code now}: a pause that has ended is as usual again. */
    public Frequency frequencyAt(Instant now) {
        return frequency == Frequency.PAUSE_3_MONTHS && (pausedUntil == null || !now.isBefore(pausedUntil))
                ? Frequency.AS_USUAL : frequency;
    }

    /** The cap the contact's frequency puts on marketing at {@code now}; null when none. */
    public Frequency.Cap capAt(Instant now) {
        return frequencyAt(now).cap();
    }
}

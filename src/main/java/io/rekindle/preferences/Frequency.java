package io.rekindle.preferences;

import java.time.Duration;
import java.time.Period;

/**
 * How often the contact wants marketing: as usual (the segment's cap alone), at most one a week, one a month, or a
 * pause of three months, after which it is as usual again.
 */
public enum Frequency {
    AS_USUAL(0, null),
    WEEKLY(1, Duration.ofDays(7)),
    MONTHLY(1, Duration.ofDays(30)),
    PAUSE_3_MONTHS(0, null);

    static final Period PAUSE = Period.ofMonths(3);

    private final int maxMessages;
    private final Duration period;

    Frequency(int maxMessages, Duration period) {
        this.maxMessages = maxMessages;
        this.period = period;
    }

    /** The cap this choice puts on marketing messages; null when it puts none. */
    public Cap cap() {
        return period == null ? null : new Cap(this, maxMessages, period);
    }

    /** At most {@code maxMessages} per rolling {@code period}, because the contact chose {@code choice}. */
    public record Cap(Frequency choice, int maxMessages, Duration period) {

        /** As an explanation shows it, e.g. "preference WEEKLY: 1 per 7 days". */
        public String describe() {
            return "preference " + choice + ": " + maxMessages + " per " + period.toDays() + " days";
        }
    }
}

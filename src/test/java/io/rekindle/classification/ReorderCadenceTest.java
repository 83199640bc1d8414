package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The usual reorder interval: median of the gaps in days, two gaps at least, same-day orders as one. */
class ReorderCadenceTest {

    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            # purchases (days after T, in order) | usual | why
                                                 |       | never bought
            0                                    |       | one purchase: no gap
            0 20                                 |       | one gap says nothing usual
            0 20 40                              | 20    | two gaps of 20
            0 10 40                              | 20    | gaps 10 and 30: median 20
            0 10 40 45                           | 10    | gaps 10, 30, 5: median 10
            0 7 14 21 200                        | 7     | one long holiday does not change a weekly buyer
            0 0 20 20 40                         | 20    | orders split the same day count once
            0 20 21                              | 11    | gaps 20 and 1: median of two is their mean, rounded up
            """)
    void medianGapInDays(String purchases, Integer usual, String why) {
        List<Instant> times = purchases == null ? List.of() : Arrays.stream(purchases.trim().split(" +"))
                .map(days -> T.plus(Duration.ofDays(Long.parseLong(days)))).toList();
        assertThat(ReorderCadence.usualIntervalDays(times)).as(why).isEqualTo(usual);
    }
}

package io.rekindle.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SMS send window (Mon–Sat 08:00–20:00 Europe/Paris, no French public holiday), edge by edge. */
class SendWindowsTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final SendWindows windows = new SendWindows("Europe/Paris", "08:00", "20:00", false);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # due (Paris)          | goes at (Paris)       | why
            2026-06-06T19:59       | 2026-06-06T19:59      | Saturday, a minute before closing
            2026-06-06T20:00       | 2026-06-08T08:00      | Saturday closing: Sunday is closed, Monday 08:00
            2026-06-07T12:00       | 2026-06-08T08:00      | Sunday
            2026-06-08T07:59       | 2026-06-08T08:00      | a minute before opening
            2026-06-08T08:00       | 2026-06-08T08:00      | opening
            2026-06-08T03:00       | 2026-06-08T08:00      | never at 3 a.m.
            2026-05-01T10:00       | 2026-05-02T08:00      | Labour Day (Friday)
            2026-04-06T10:00       | 2026-04-07T08:00      | Easter Monday 2026
            2026-05-14T10:00       | 2026-05-15T08:00      | Ascension Day 2026
            2026-05-25T10:00       | 2026-05-26T08:00      | Whit Monday 2026
            2026-07-13T21:00       | 2026-07-15T08:00      | evening before Bastille Day
            2026-12-24T20:30       | 2026-12-26T08:00      | Christmas Eve evening, Christmas closed
            2026-03-28T19:30       | 2026-03-28T19:30      | the day before the switch to summer time
            """)
    void aSendDueOutsideTheWindowWaitsForTheNextOpening(String due, String goesAt, String why) {
        Instant at = local(due);

        assertThat(windows.nextOpening(at)).as(why).isEqualTo(local(goesAt));
        assertThat(windows.isOpen(at)).as(why).isEqualTo(due.equals(goesAt));
    }

    @ParameterizedTest(name = "Easter {0}")
    @CsvSource({"2024, 2024-03-31", "2025, 2025-04-20", "2026, 2026-04-05", "2027, 2027-03-28", "2038, 2038-04-25"})
    void easterIsComputed(int year, String easter) {
        assertThat(SendWindows.easter(year)).isEqualTo(LocalDate.parse(easter));
    }

    private static Instant local(String dateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), PARIS).toInstant();
    }

    @Test
    void switchedOffEveryMomentIsOpen() {
        var always = new SendWindows(false, "Europe/Paris", "08:00", "20:00", false);
        Instant sundayNight = Instant.parse("2026-07-12T01:30:00Z"); // Sunday 03:30 Paris, and Bastille Day eve

        assertThat(windows.isOpen(sundayNight)).isFalse();
        assertThat(always.isOpen(sundayNight)).isTrue();
        assertThat(always.nextOpening(sundayNight)).isEqualTo(sundayNight);
    }
}

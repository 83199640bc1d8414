package io.rekindle.sms;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When commercial SMS may go out: by default Monday to Saturday, 08:00–20:00 Europe/Paris, never on a French public
 * holiday (the fixed ones, Easter Monday, Ascension Day and Whit Monday, computed from Easter). A send due outside
 * the window waits for the next opening; nothing is lost, nothing goes at 3 a.m.
 */
@Component
public class SendWindows {

    private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(5, 8),
            MonthDay.of(7, 14), MonthDay.of(8, 15), MonthDay.of(11, 1), MonthDay.of(11, 11), MonthDay.of(12, 25));

    private final ZoneId zone;
    private final LocalTime opens;
    private final LocalTime closes;
    private final boolean sundays;
    private final boolean enabled;

    SendWindows(String zone, String opens, String closes, boolean sundays) {
        this(true, zone, opens, closes, sundays);
    }

    /**
     * {@code enabled=false} is for a sender whose SMS are not commercial or a country without quiet hours: every
     * moment is then open.
     */
    @Autowired
    SendWindows(@Value("${rekindle.sms.window.enabled:true}") boolean enabled,
            @Value("${rekindle.sms.window.zone:Europe/Paris}") String zone,
            @Value("${rekindle.sms.window.opens:08:00}") String opens,
            @Value("${rekindle.sms.window.closes:20:00}") String closes,
            @Value("${rekindle.sms.window.sundays:false}") boolean sundays) {
        this.zone = ZoneId.of(zone);
        this.opens = LocalTime.parse(opens);
        this.closes = LocalTime.parse(closes);
        this.sundays = sundays;
        this.enabled = enabled;
    }

    public boolean isOpen(Instant at) {
        if (!enabled) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        return openDay(local.toLocalDate()) && !local.toLocalTime().isBefore(opens)
                && local.toLocalTime().isBefore(closes);
    }

    /** {@code at} itself when the window is open, otherwise the next opening. */
    public Instant nextOpening(Instant at) {
        if (isOpen(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalTime().isBefore(opens) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        while (!openDay(day)) {
            day = day.plusDays(1);
        }
        return day.atTime(opens).atZone(zone).toInstant();
    }

    private boolean openDay(LocalDate day) {
        return (sundays || day.getDayOfWeek() != DayOfWeek.SUNDAY) && !holiday(day);
    }

    static boolean holiday(LocalDate day) {
        if (FIXED_HOLIDAYS.contains(MonthDay.from(day))) {
            return true;
        }
        LocalDate easter = easter(day.getYear());
        return day.equals(easter.plusDays(1)) || day.equals(easter.plusDays(39)) || day.equals(easter.plusDays(50));
    }

    /** Easter Sunday (Gregorian calendar, anonymous algorithm). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }
}

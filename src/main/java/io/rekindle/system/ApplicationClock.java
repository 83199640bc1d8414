package io.rekindle.system;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the application: timers, offers, retries and activity dates must agree, so everything asks the
 * {@link Clock} bean. In production the system clock in UTC, to the millisecond as the engine keeps time; where time
 * must move (the journey simulator, tests), a {@link MovableClock} registered before the context starts takes its
 * place, and the engine follows it.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationClock {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }
}

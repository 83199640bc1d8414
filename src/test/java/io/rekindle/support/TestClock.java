package io.rekindle.support;

import io.rekindle.system.MovableClock;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application's clock in tests: one {@link MovableClock} for the test JVM (the engine's clock, which follows
 * it, is JVM-wide anyway), registered in every application context a test starts (see
 * {@code META-INF/spring.factories}), so that {@link TimeMachine} moves the application and its engine together.
 * A context that brought a clock of its own (the journey simulator's) keeps it.
 */
public final class TestClock implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final MovableClock CLOCK = new MovableClock();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getBeanFactory().containsSingleton("clock")) {
            context.getBeanFactory().registerSingleton("clock", CLOCK);
        }
    }
}

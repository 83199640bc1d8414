package io.rekindle.support;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives each {@link RekindleIntegrationTest} class an app of its own (no class sees another's contacts) on a fresh
 * database: on H2 the test profile's in-memory database, unique per app; on PostgreSQL a database created for the
 * app, named after the class. Registered in {@code META-INF/spring.factories}.
 */
public final class OwnDatabase implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, RekindleIntegrationTest.class)
                ? new Customizer(testClass) : null;
    }

    /** Equal for one test class only: that keeps each class's app (and database) apart in the context cache. */
    private record Customizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            if (TestDatabase.current() != TestDatabase.POSTGRES) {
                return;
            }
            String url = PostgresDatabase.fresh("it_" + TestDatabase.plainName(testClass.getSimpleName()));
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("rekindle-test-database",
                    Map.of("spring.datasource.url", url, "spring.datasource.username", PostgresDatabase.USER,
                            "spring.datasource.password", PostgresDatabase.PASSWORD)));
        }
    }
}

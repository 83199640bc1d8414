package io.rekindle.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The price of a message as the documented settings give it: application.yml's defaults, an environment variable. */
class KpiPropertiesTest {

    @Test
    void anEnvironmentVariableReplacesTheDefaultPriceOfItsChannelOnly() {
        KpiProperties properties = bind(Map.of("REKINDLE_KPI_COSTPERMESSAGE_EMAIL", "0.01"));

        assertThat(properties.cost("EMAIL")).isEqualByComparingTo("0.01");
        assertThat(properties.cost("SMS")).isEqualByComparingTo("0.045");
    }

    @Test
    void theDefaultsWithoutEnvironmentAndNothingForAChannelWithoutPrice() {
        KpiProperties properties = bind(Map.of());

        assertThat(properties.cost("EMAIL")).isEqualByComparingTo("0.002");
        assertThat(properties.cost("PUSH")).isZero();
    }

    /** Environment variables over the defaults of application.yml, as Spring Boot orders them. */
    private static KpiProperties bind(Map<String, Object> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        // named as Spring Boot's own: the name is what makes it map REKINDLE_KPI_… onto rekindle.kpi.…
        spring.getPropertySources().addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        try {
            new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                    .forEach(spring.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Binder(ConfigurationPropertySources.from(spring.getPropertySources()))
                .bindOrCreate("rekindle.kpi", KpiProperties.class);
    }
}

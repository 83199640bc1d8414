package io.rekindle.system;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API reads JSON as it is written, never a guess. Jackson's defaults accept an enum name with spaces or control
 * characters around it ({@code "VISIT\u0000"} read as VISIT, since it trims) and a date as a number of seconds
 * ({@code 1e1000000000} read as 1970). Here an enum must be exactly one of its names and a date an ISO-8601 string;
 * anything else is a 400 problem. (Duplicate keys are refused by {@code spring.jackson.parser.strict-duplicate-detection}.)
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    private static final Set<Class<?>> DATES = Set.of(OffsetDateTime.class, Instant.class, ZonedDateTime.class,
            LocalDate.class);

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonInput() {
        var module = new SimpleModule("rekindle-strict-input");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                return new ExactText(deserializer, false);
            }

            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return DATES.contains(description.getBeanClass()) ? new ExactText(deserializer, true) : deserializer;
            }
        });
        return builder -> builder.modulesToInstall(modules -> modules.add(module));
    }

    /** Passes a value on only if it is a string that is already exactly what the wrapped deserializer reads. */
    private static final class ExactText extends DelegatingDeserializer {

        private final boolean date;

        ExactText(JsonDeserializer<?> delegate, boolean date) {
            super(delegate);
            this.date = date;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactText(newDelegatee, date);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.currentToken().isNumeric()) {
                return context.handleWeirdNumberValue(handledType(), p.getNumberValue(),
                        date ? "a date must be an ISO-8601 string" : "a number is not a name");
            }
            if (p.currentToken().isScalarValue() && p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                String text = p.getText();
                if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isISOControl)) {
                    return context.handleWeirdStringValue(handledType(), text, "spaces or control characters");
                }
            }
            return super.deserialize(p, context);
        }
    }
}

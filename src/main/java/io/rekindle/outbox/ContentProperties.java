package io.rekindle.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What rendered messages say beyond their template: the zone their dates are shown in and the shop's address.
 * Same {@code rekindle.mail} keys as before; they belong to the content, not to delivery.
 */
@ConfigurationProperties("rekindle.mail")
public record ContentProperties(
        @DefaultValue("Europe/Paris") String displayZone,
        @DefaultValue("http://localhost:8080/") String shopUrl) {
}

package io.rekindle.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.rekindle.contact.Contact;
import io.rekindle.contact.EmailStatus;

import org.junit.jupiter.api.Test;
import org.thymeleaf.cache.TemplateCacheKey;
import org.thymeleaf.engine.TemplateModel;

/**
 * A template is parsed once: the second render of the same template and locale reuses the parsed model the first one
 * cached (the same object, not a copy parsed again), and still renders that contact's own values.
 */
class EmailTemplatesCacheTest {

    private final EmailTemplates templates = new EmailTemplates(
            new ContentProperties("Europe/Paris", "https://shop.example/"), id -> "https://app.example/u/" + id,
            id -> "https://app.example/p/" + id);

    @Test
    void aSecondRenderDoesNotParseTheTemplateAgain() {
        assertThat(templates.parsedTemplates().keySet()).isEmpty();

        var first = templates.render("relaunch-1", contact(1, "Camille", "fr"), null);
        Map<TemplateCacheKey, TemplateModel> parsed = snapshot();
        assertThat(parsed.keySet()).extracting(TemplateCacheKey::getTemplate)
                .containsExactlyInAnyOrder("relaunch-1_fr.txt", "relaunch-1_fr.html");

        var second = templates.render("relaunch-1", contact(2, "Dominique", "fr"), null);
        assertThat(snapshot()).as("the same parsed models, none added").hasSize(2)
                .allSatisfy((key, model) -> assertThat(model).isSameAs(parsed.get(key)));
        assertThat(first.html()).contains("Camille").doesNotContain("Dominique");
        assertThat(second.html()).contains("Dominique").doesNotContain("Camille");
        assertThat(second.text()).contains("Dominique");

        templates.render("relaunch-1", contact(3, "Sam", "en"), null);
        assertThat(templates.parsedTemplates().keySet()).as("another locale is another template").hasSize(4);
    }

    private Map<TemplateCacheKey, TemplateModel> snapshot() {
        var cache = templates.parsedTemplates();
        Map<TemplateCacheKey, TemplateModel> models = new HashMap<>();
        cache.keySet().forEach(key -> models.put(key, cache.get(key)));
        return models;
    }

    private static Contact contact(long id, String firstName, String locale) {
        Instant signedUp = Instant.parse("2026-05-04T08:00:00Z");
        return new Contact(id, "ext-" + id, "c" + id + "@example.com", null, firstName, locale, signedUp, true, false,
                EmailStatus.VALID, null, null, null, null, 0, BigDecimal.ZERO, null, null, null, null, signedUp,
                "test", null, null, null, null);
    }
}

package io.rekindle.outbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import io.rekindle.contact.Contact;
import io.rekindle.offer.Offer;
import io.rekindle.preferences.PreferenceLinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.cache.ICache;
import org.thymeleaf.cache.TemplateCacheKey;
import org.thymeleaf.context.Context;
import org.thymeleaf.engine.TemplateModel;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders marketing emails from Thymeleaf templates in {@code templates/mail/}: one HTML and one
 * text file per template and locale ({@code relaunch-1_fr.html}, {@code relaunch-1_fr.txt}); subjects
 * in {@code mail/subjects_<locale>.properties}, so copywriters edit words, not Java.
 */
@Component
class EmailTemplates {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final ResourceBundleMessageSource subjects = new ResourceBundleMessageSource();
    private final ZoneId displayZone;
    private final String shopUrl;
    private final UnsubscribeUrls unsubscribe;
    private final LongFunction<String> preferences;

    @Autowired
    EmailTemplates(ContentProperties properties, UnsubscribeUrls unsubscribe, PreferenceLinks preferences) {
        this(properties, unsubscribe, preferences::urlFor);
    }

    EmailTemplates(ContentProperties properties, UnsubscribeUrls unsubscribe, LongFunction<String> preferences) {
        this.unsubscribe = unsubscribe;
        this.preferences = preferences;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".sms", 3));
        subjects.setBasename("templates/mail/subjects");
        subjects.setDefaultEncoding("UTF-8");
        subjects.setFallbackToSystemLocale(false);
        this.displayZone = ZoneId.of(properties.displayZone());
        this.shopUrl = properties.shopUrl();
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of("*" + suffix));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        // parsed once per template and kept for the life of the app (Thymeleaf's default, said out loud: rendering was
        // 11 % of a wave's CPU). The templates ship in the jar, so a template marketing changed arrives with a new
        // release, read afresh by the new instance; nothing on disk or in the database changes under a running app.
        resolver.setCacheable(true);
        resolver.setCacheTTLMs(null);
        resolver.setOrder(order);
        return resolver;
    }

    Rendered render(String template, Contact contact, Offer offer) {
        return render(template, contact, offer, Map.of());
    }

    Rendered render(String template, Contact contact, Offer offer, Map<String, String> links) {
        Locale locale = Locale.forLanguageTag(contact.locale());
        var context = context(contact, offer, locale);
        links.forEach(context::setVariable);
        String name = template + "_" + contact.locale();
        String subject = subjects.getMessage(template, new Object[] {contact.firstName()}, locale);
        return new Rendered(subject, engine.process(name + ".txt", context), engine.process(name + ".html", context));
    }

    /** The parsed templates, for the test that checks a second render does not parse again. */
    ICache<TemplateCacheKey, TemplateModel> parsedTemplates() {
        return engine.getCacheManager().getTemplateCache();
    }

    /** An SMS text ({@code <template>_<locale>.sms}): short, with the opt-out mention. */
    String renderSms(String template, Contact contact, Offer offer) {
        Locale locale = Locale.forLanguageTag(contact.locale());
        return engine.process(template + "_" + contact.locale() + ".sms", context(contact, offer, locale)).strip();
    }

    private Context context(Contact contact, Offer offer, Locale locale) {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        var context = new Context(locale);
        context.setVariables(Map.of(
                "firstName", contact.firstName() == null ? "" : contact.firstName(),
                "signUpDate", format(date, contact.signedUpAt()),
                "shopUrl", shopUrl,
                // every marketing email carries its visible one-click unsubscribe link, and the preference page's
                "unsubscribeUrl", unsubscribe.urlFor(contact.id()),
                "preferencesUrl", preferences.apply(contact.id())));
        if (offer != null) {
            context.setVariable("offerCode", offer.code());
            context.setVariable("offerPercent", offer.discountPercent());
            context.setVariable("offerValidUntil", format(date, offer.validUntil()));
        }
        return context;
    }

    private String format(DateTimeFormatter formatter, Instant instant) {
        return formatter.format(instant.atZone(displayZone));
    }

    record Rendered(String subject, String text, String html) {
    }
}

package io.rekindle.preferences;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The public preference page (« Gérer mes préférences »). No login: the signed token in the address is the only key
 * and opens this contact's choices only; anything not genuine gets the plain 404 page of the other public links,
 * which names nobody. GET shows, POST saves and confirms; a choice not offered is a 400 problem, nothing written.
 */
@Controller
@RequestMapping("/preferences")
class PreferenceController {

    /** Page texts per language, from {@code templates/preferences/texts_<locale>.properties}. */
    private static final Map<String, Map<String, String>> TEXTS = Map.of("fr", texts("fr"), "en", texts("en"));

    private final PreferenceService preferences;

    /** Where the page's "back to the shop" link goes: the link the emails carry (rekindle.mail.shop-url). */
    private final String shopUrl;

    PreferenceController(PreferenceService preferences, @Value("${rekindle.mail.shop-url}") String shopUrl) {
        this.preferences = preferences;
        this.shopUrl = shopUrl;
    }

    @GetMapping("/{token}")
    ModelAndView show(@PathVariable String token) {
        return preferences.page(token).map(page -> view("preferences/form", page, false))
                .orElseGet(PreferenceController::notFound);
    }

    @PostMapping("/{token}")
    ModelAndView save(@PathVariable String token, @ModelAttribute PreferenceForm form) {
        return preferences.save(token, form).map(page -> view("preferences/done", page, form.unsubscribeAll()))
                .orElseGet(PreferenceController::notFound);
    }

    private ModelAndView view(String name, PreferenceService.Page page, boolean unsubscribedAll) {
        String locale = "fr".equals(page.locale()) ? "fr" : "en";
        ModelAndView view = new ModelAndView(name, HttpStatus.OK);
        view.addObject("page", page);
        view.addObject("choices", page.choices());
        view.addObject("lang", locale);
        view.addObject("t", TEXTS.get(locale));
        view.addObject("unsubscribedAll", unsubscribedAll);
        view.addObject("shopUrl", shopUrl);
        Instant pausedUntil = page.choices().frequency() == Frequency.PAUSE_3_MONTHS ? page.choices().pausedUntil()
                : null;
        view.addObject("pausedUntil", pausedUntil == null ? null : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(Locale.forLanguageTag(locale)).format(pausedUntil.atZone(ZoneOffset.UTC)));
        view.addObject("topics", page.topics().stream()
                .map(topic -> Map.of("id", topic.id(), "label", topic.label(locale))).toList());
        return view;
    }

    private static ModelAndView notFound() {
        return new ModelAndView("unsubscribe/not-found", HttpStatus.NOT_FOUND);
    }

    private static Map<String, String> texts(String locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("templates/preferences/texts", Locale.forLanguageTag(locale),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.keySet().stream().collect(Collectors.toUnmodifiableMap(k -> k, bundle::getString));
    }
}

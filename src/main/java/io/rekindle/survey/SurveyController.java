package io.rekindle.survey;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The public survey page (« Donnez-nous votre avis »). No login: the signed token in the address is
 * the only key, and it opens this contact's survey only. Anything not genuine gets a plain 404 page.
 */
@Controller
@RequestMapping("/survey")
class SurveyController {

    /** Page texts per language, from {@code templates/survey/texts_<locale>.properties}. */
    private static final Map<String, Map<String, String>> TEXTS = Map.of("fr", texts("fr"), "en", texts("en"));

    private final SurveyService surveys;

    SurveyController(SurveyService surveys) {
        this.surveys = surveys;
    }

    @GetMapping("/{token}")
    ModelAndView show(@PathVariable String token) {
        return surveys.page(token)
                .map(page -> page.alreadyAnswered()
                        ? notice("answered", page)
                        : form(page, new SurveyForm(null, null, null, null), List.of(), HttpStatus.OK))
                .orElseGet(SurveyController::notFound);
    }

    @PostMapping("/{token}")
    ModelAndView answer(@PathVariable String token, @ModelAttribute SurveyForm form) {
        SurveyService.Submission submission;
        try {
            submission = surveys.submit(token, form);
        } catch (DuplicateKeyException sameMomentSecondPost) {
            return surveys.page(token).map(page -> notice("answered", page))
                    .orElseGet(SurveyController::notFound);
        }
        return switch (submission.outcome()) {
            case THANKS -> notice("thanks", submission.page());
            case ALREADY_ANSWERED -> notice("answered", submission.page());
            case INVALID -> form(submission.page(), form, submission.invalidFields(), HttpStatus.BAD_REQUEST);
            case NOT_FOUND -> notFound();
        };
    }

    private static ModelAndView form(SurveyService.SurveyPage page, SurveyForm form, List<String> invalid,
            HttpStatus status) {
        ModelAndView view = view("survey/form", page, status);
        view.addObject("form", form);
        view.addObject("invalid", invalid);
        return view;
    }

    private static ModelAndView notice(String notice, SurveyService.SurveyPage page) {
        ModelAndView view = view("survey/notice", page, HttpStatus.OK);
        view.addObject("notice", notice);
        return view;
    }

    private static ModelAndView view(String name, SurveyService.SurveyPage page, HttpStatus status) {
        ModelAndView view = new ModelAndView(name, status);
        view.addObject("page", page);
        view.addObject("fr", "fr".equals(page.locale()));
        view.addObject("lang", page.locale());
        view.addObject("t", TEXTS.get(page.locale()));
        return view;
    }

    private static ModelAndView notFound() {
        return new ModelAndView("survey/not-found", HttpStatus.NOT_FOUND);
    }

    private static Map<String, String> texts(String locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("templates/survey/texts", Locale.forLanguageTag(locale),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.keySet().stream().collect(Collectors.toUnmodifiableMap(k -> k, bundle::getString));
    }
}

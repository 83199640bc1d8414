package io.rekindle.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * English messages follow English typography, whatever the French ones do: no space (plain, no-break U+00A0 or narrow
 * no-break U+202F, typed or as an HTML entity) before % : ; ! ?, and no guillemets « ». Checks every English template
 * shipped (emails in html and text, SMS, subjects, the survey page's texts).
 */
class EnglishTypographyTest {

    /** Inside ${...} the text is an expression, not words a reader sees. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{[^}]*}");
    private static final Pattern SPACE = Pattern.compile("(?:[ \\t\\u00A0\\u202F]|&nbsp;|&#160;|&#x0*[aA]0;|&#8239;"
            + "|&#x0*202[fF];)");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile(SPACE.pattern() + "+[%:;!?]");
    private static final Pattern GUILLEMETS = Pattern.compile("[«»]|&laquo;|&raquo;|&#171;|&#187;");

    @Test
    void everyEnglishTemplateUsesEnglishTypography() throws IOException {
        Resource[] templates = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:templates/**/*_en.*");
        assertThat(templates).as("English templates found").hasSizeGreaterThanOrEqualTo(17);

        List<String> problems = new ArrayList<>();
        for (Resource template : templates) {
            String[] lines = template.getContentAsString(StandardCharsets.UTF_8).split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String text = EXPRESSION.matcher(lines[n]).replaceAll("x");
                for (Pattern wrong : List.of(SPACE_BEFORE_PUNCTUATION, GUILLEMETS)) {
                    Matcher found = wrong.matcher(text);
                    while (found.find()) {
                        problems.add(template.getFilename() + ":" + (n + 1) + " '" + found.group() + "' in: "
                                + lines[n].strip());
                    }
                }
            }
        }
        assertThat(problems).as("French typography in English templates").isEmpty();
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        for (String french : List.of("10 % off", "enjoy it : now", "why ?", "go !", "a ; b", "10\u00A0%",
                "why\u202F?", "10&nbsp;%", "« hello »")) {
            assertThat(SPACE_BEFORE_PUNCTUATION.matcher(french).find() || GUILLEMETS.matcher(french).find())
                    .as(french).isTrue();
        }
        for (String english : List.of("10% off", "enjoy it: now", "why?", "go!", "a; b", "“hello”",
                "https://shop.example/?a=1")) {
            assertThat(SPACE_BEFORE_PUNCTUATION.matcher(english).find() || GUILLEMETS.matcher(english).find())
                    .as(english).isFalse();
        }
    }
}

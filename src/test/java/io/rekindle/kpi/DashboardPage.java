package io.rekindle.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.HeadlessChromium;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium (packages chromium and chromium-driver): the page loads behind the
 * login form; each card, step label and chart shows the numbers the API returned; the journey and date pickers
 * change what is shown. Leaves a screenshot of the whole page in target/dashboard.png.
 */
final class DashboardPage {

    private static final List<String> COUNTS = List.of("contactsIn", "sent", "reactivated");
    private static final List<String> RATES = List.of("deliveryRate", "openRate", "clickRate", "conversionRate");

    private DashboardPage() {
    }

    /**
     * {@code report}: GET /api/kpis/journeys unfiltered; {@code picked}: the same for {@code pickedJourney} from
     * {@code pickedFrom} to {@code pickedTo} (dates, to included), what the page must show once they are picked.
     */
    static void assertShows(int port, JsonNode report, JsonNode kpis, String pickedJourney, String pickedFrom,
            String pickedTo, JsonNode picked) {
        WebDriver browser = HeadlessChromium.start("the dashboard");
        try {
            // the dashboard asks for the login form (a session whose cookie never goes cross-site), then comes back
            HeadlessChromium.openLoggedIn(browser, "http://127.0.0.1:" + port + "/dashboard");
            var js = (JavascriptExecutor) browser;
            awaitLoads(browser, js, 1);

            assertCards(browser, report);
            JsonNode relaunch = card(report, "new-signup-relaunch");
            WebElement relaunchCard = browser.findElement(By.cssSelector("[data-journey=new-signup-relaunch]"));
            assertThat(relaunchCard.findElement(By.tagName("h3")).getText()).isEqualTo(relaunch.get("name").asText());
            assertThat(metric(relaunchCard, "deliveryRate").getText()).isEqualTo("85.7 % (6 of 7 sent)");
            assertThat(metric(relaunchCard, "costPerReactivation").getText()).isEqualTo("0.014");
            assertThat(relaunchCard.findElement(By.cssSelector(".flag")).getText()).isEqualTo("inflated");
            assertThat(text(js, "open-note")).contains("Apple Mail Privacy Protection").contains("inflated");

            // steps: the Modeler's names, never the BPMN ids
            List<String> stepNames = new ArrayList<>();
            browser.findElements(By.cssSelector("#steps .step-name")).forEach(cell -> stepNames.add(cell.getText()));
            assertThat(stepNames).isEqualTo(texts(report.get("steps"), "name"))
                    .contains("Send relaunch 1 email with offer").noneMatch(name -> name.startsWith("Task_"));
            assertThat(rates(js, "chart-steps", 0)).isEqualTo(percents(report.get("steps"), "clickRate"));
            assertThat(rates(js, "chart-steps", 1)).isEqualTo(percents(report.get("steps"), "conversionRate"));

            // sending streams: a row per stream, the API's delivery and bounce rates with their bases
            assertThat(report.get("streams")).isNotEmpty();
            for (JsonNode stream : report.get("streams")) {
                List<WebElement> cells = browser.findElement(By.cssSelector("#streams tr[data-stream="
                        + stream.get("stream").asText() + "]")).findElements(By.tagName("td"));
                assertThat(cells.get(1).getText()).isEqualTo(stream.get("sent").asText());
                assertThat(cells.get(3).getText()).isEqualTo(rateCell(stream.get("deliveryRate")));
                assertThat(cells.get(5).getText()).isEqualTo(rateCell(stream.get("bounceRate")));
            }

            // trends: one line per journey over the weeks, the API's weekly rates and conversions
            JsonNode trend = report.get("trend");
            assertThat(rates(js, "chart-trend-rate", 0)).isEqualTo(percents(trend, "conversionRate"));
            assertThat(rates(js, "chart-trend-conversions", 0)).isEqualTo(numbers(trend, "converted"));
            assertThat(js.executeScript("return window.rekindleCharts['chart-trend-rate'].config.type"))
                    .isEqualTo("line");

            JsonNode funnel = report.get("funnels").get(0);
            String funnelChart = "chart-funnel-" + funnel.get("journey").asText() + "-v" + funnel.get("version");
            assertThat(labels(js, funnelChart).get(0)).isEqualTo("Entered");
            assertThat(labels(js, funnelChart).get(1)).isEqualTo(funnel.get("steps").get(0).get("name").asText());
            assertThat(labels(js, funnelChart)).noneMatch(label -> label.contains("_"));
            assertThat(rates(js, funnelChart, 0).get(0)).isEqualTo(funnel.get("entered").asDouble());
            assertThat(rates(js, "chart-inactive", 0)).containsExactly(50.0);
            assertThat(rates(js, "chart-reactivation", 0)).containsExactly(50.0);
            // the variant experiments: a row per arm, the API's contacts and sentence
            assertThat(browser.findElement(By.id("experiments")).isDisplayed()).isTrue();
            List<WebElement> armRows = browser.findElements(By.cssSelector("#experiments-table tbody tr"));
            assertThat(armRows).hasSize(report.get("experiments").size());
            List<String> subjectTest = armRows.stream().map(WebElement::getText)
                    .filter(row -> row.contains("Subject: benefits vs question (kpi-subject-test)")).toList();
            assertThat(subjectTest).hasSize(2);
            assertThat(subjectTest.get(0)).contains("A (control)");
            assertThat(subjectTest.get(1)).contains("Not enough data yet");

            screenshot(browser, js);

            // the pickers: one journey, a period; the page asks the API again and shows its answer
            new Select(browser.findElement(By.id("journey"))).selectByValue(pickedJourney);
            js.executeScript("document.getElementById('from').value = arguments[0];"
                    + " document.getElementById('to').value = arguments[1];", pickedFrom, pickedTo);
            browser.findElement(By.id("apply")).click();
            awaitLoads(browser, js, 2);
            assertThat(browser.getCurrentUrl()).contains("journey=" + pickedJourney).contains("from=" + pickedFrom);
            assertThat(browser.findElements(By.cssSelector("[data-journey]"))).hasSize(1);
            assertCards(browser, picked);
            WebElement pickedCard = browser.findElement(By.cssSelector("[data-journey=" + pickedJourney + "]"));
            if (card(picked, pickedJourney).get("sent").asLong() == 0) {
                assertThat(metric(pickedCard, "deliveryRate").getText()).isEqualTo("— (0 of 0 sent)");
                assertThat(metric(pickedCard, "costPerReactivation").getText()).isEqualTo("—");
            }
            assertThat(text(js, "period")).contains(pickedFrom).contains(pickedTo);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            browser.quit();
        }
    }

    private static void awaitLoads(WebDriver browser, JavascriptExecutor js, int loads) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> String.valueOf(loads)
                .equals(js.executeScript("return document.body.dataset.loads || null")));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).as(text(js, "error")).isFalse();
    }

    /** Every card the API returned, in its order, each figure as the API has it (rates in percent, one decimal). */
    private static void assertCards(WebDriver browser, JsonNode report) {
        List<WebElement> cards = browser.findElements(By.cssSelector("#cards [data-journey]"));
        assertThat(cards).hasSameSizeAs(report.get("journeys"));
        for (int i = 0; i < cards.size(); i++) {
            JsonNode expected = report.get("journeys").get(i);
            WebElement card = cards.get(i);
            assertThat(card.getAttribute("data-journey")).isEqualTo(expected.get("journey").asText());
            for (String count : COUNTS) {
                assertThat(value(card, count)).as(count).isEqualTo(expected.get(count).asText());
            }
            for (String rate : RATES) {
                JsonNode value = expected.get(rate).get("value");
                assertThat(value(card, rate)).as(rate).isEqualTo(value.isNull() ? "" : format(percent(value)));
                assertThat(metric(card, rate).getText()).as(rate).contains(expected.get(rate).get("count") + " of "
                        + expected.get(rate).get("base") + " " + expected.get(rate).get("of").asText());
            }
            assertThat(Double.parseDouble(value(card, "revenue"))).isEqualTo(expected.get("revenue").asDouble());
            assertThat(Double.parseDouble(value(card, "cost"))).isEqualTo(expected.get("cost").asDouble());
            JsonNode perReactivation = expected.get("costPerReactivation");
            assertThat(value(card, "costPerReactivation")).isEqualTo(perReactivation.isNull() ? ""
                    : format(perReactivation.asDouble()));
        }
    }

    private static void screenshot(WebDriver browser, JavascriptExecutor js) throws IOException {
        // twice: the charts follow the new width once the scroll bar goes, and the page's height with them
        for (int i = 0; i < 2; i++) {
            long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
            browser.manage().window().setSize(new Dimension(1200, (int) Math.min(height + 140, 6000)));
        }
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebElement metric(WebElement card, String name) {
        return card.findElement(By.cssSelector("[data-metric=" + name + "]"));
    }

    private static String value(WebElement card, String name) {
        return metric(card, name).getAttribute("data-value");
    }

    private static JsonNode card(JsonNode report, String journey) {
        for (JsonNode card : report.get("journeys")) {
            if (card.get("journey").asText().equals(journey)) {
                return card;
            }
        }
        throw new AssertionError("no card " + journey);
    }

    private static String text(JavascriptExecutor js, String id) {
        return (String) js.executeScript("return document.getElementById(arguments[0]).textContent", id);
    }

    /** A chart's numbers; a point with no value (a rate of nothing) is {@code null}. */
    private static List<Double> rates(JavascriptExecutor js, String chart, int dataset) {
        Object data = js.executeScript("return window.rekindleCharts[arguments[0]].data.datasets[arguments[1]].data",
                chart, dataset);
        List<Double> numbers = new ArrayList<>();
        for (Object value : (List<?>) data) {
            numbers.add(value == null ? null : ((Number) value).doubleValue());
        }
        return numbers;
    }

    @SuppressWarnings("unchecked")
    private static List<String> labels(JavascriptExecutor js, String chart) {
        return (List<String>) js.executeScript("return window.rekindleCharts[arguments[0]].data.labels", chart);
    }

    private static List<Double> percents(JsonNode rows, String rate) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(rate).get("value").isNull() ? null : percent(row.get(rate)
                .get("value"))));
        return values;
    }

    private static List<Double> numbers(JsonNode rows, String field) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(field).asDouble()));
        return values;
    }

    private static List<String> texts(JsonNode rows, String field) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(field).asText()));
        return values;
    }

    private static double percent(JsonNode rate) {
        return Math.round(rate.asDouble() * 1000) / 10.0;
    }

    /** A rate as the page writes it in a table: "75.0 % (3 of 4 sent)"; "—" without a base. */
    private static String rateCell(JsonNode rate) {
        String value = rate.get("value").isNull() ? "—"
                : String.format(java.util.Locale.ROOT, "%.1f %%", percent(rate.get("value")));
        return value + " (" + rate.get("count").asLong() + " of " + rate.get("base").asLong() + " "
                + rate.get("of").asText() + ")";
    }

    /** As JavaScript writes a number: no ".0" on a whole one. */
    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}

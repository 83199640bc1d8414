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

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium (packages chromium and chromium-driver): the page loads behind the
 * login form, and each chart draws the numbers the API returned. Leaves a screenshot in target/dashboard.png.
 */
final class DashboardPage {

    private DashboardPage() {
    }

    static void assertShows(int port, JsonNode kpis) {
        WebDriver browser = HeadlessChromium.start("the dashboard");
        try {
            // the dashboard asks for the login form (a session whose cookie never goes cross-site), then comes back
            HeadlessChromium.openLoggedIn(browser, "http://127.0.0.1:" + port + "/dashboard");
            var js = (JavascriptExecutor) browser;
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(b -> "true".equals(js.executeScript("return document.body.dataset.ready || null")));

            assertThat(numbers(js, "chart-steps", 0)).isEqualTo(field(kpis.get("byStep"), "sent"));
            assertThat(numbers(js, "chart-steps", 2)).isEqualTo(field(kpis.get("byStep"), "converted"));
            assertThat(numbers(js, "chart-inactive", 0)).containsExactly(50.0);
            assertThat(numbers(js, "chart-reactivation", 0)).containsExactly(50.0);
            assertThat(numbers(js, "chart-funnel-new-signup-relaunch-v1", 0).get(0)).isEqualTo(4.0);
            assertThat((String) js.executeScript("return document.getElementById('totals').textContent"))
                    .contains("4 messages sent").contains("1 converted");

            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            browser.quit();
        }
    }

    private static List<Double> numbers(JavascriptExecutor js, String chart, int dataset) {
        Object data = js.executeScript("return window.rekindleCharts[arguments[0]].data.datasets[arguments[1]].data",
                chart, dataset);
        List<Double> numbers = new ArrayList<>();
        for (Object value : (List<?>) data) {
            numbers.add(((Number) value).doubleValue());
        }
        return numbers;
    }

    private static List<Double> field(JsonNode steps, String name) {
        List<Double> values = new ArrayList<>();
        steps.forEach(step -> values.add(step.get("figures").get(name).asDouble()));
        return values;
    }
}

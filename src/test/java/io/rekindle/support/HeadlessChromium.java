package io.rekindle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium (packages chromium and chromium-driver), its console kept for the test to read. CI must
 * have it; elsewhere a test that needs it is skipped, saying so.
 */
public final class HeadlessChromium {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** {@code what}: what the test checks in the browser, for the message when there is none. */
    public static WebDriver start(String what) {
        if (!CHROMIUM.canExecute() || !DRIVER.canExecute()) {
            assertThat(System.getenv("CI")).as("CI checks " + what + " in Chromium: install chromium-driver")
                    .isNotEqualTo("true");
            Assumptions.abort(what + " not checked: no /usr/bin/chromium and /usr/bin/chromedriver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1800");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build(), options);
    }

    /** Opens {@code url}, a page behind the login form, and logs in as the test administrator. */
    public static void openLoggedIn(WebDriver browser, String url) {
        openLoggedIn(browser, url, Api.USER, Api.PASSWORD);
    }

    /** The same, as {@code user}. */
    public static void openLoggedIn(WebDriver browser, String url, String user, String password) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }
}

package dev.kcmfa.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium window for what the suite's default HtmlUnit browser cannot do: the JavaScript applications
 * (account console, admin console), where things are on the screen, and screenshots (into
 * {@code it-tests/target/screenshots}). Needs Debian's {@code chromium} and {@code chromium-driver} packages; the
 * driver is named explicitly, since Selenium would otherwise try to download one.
 */
final class Chromium {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** A new window of this size in CSS pixels, English, with no cookies; the caller quits it. */
    static ChromeDriver open(int width, int height) {
        return open(width, height, "en");
    }

    /** As {@link #open(int, int)}, in a browser whose language (and Accept-Language) is this one, e.g. {@code de}. */
    static ChromeDriver open(int width, int height, String language) {
        ChromeOptions options = new ChromeOptions().addArguments("--headless=new", "--no-sandbox",
                "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=" + language, "--window-size=" + width + "," + height);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(
                Path.of(System.getenv().getOrDefault("CHROMEWEBDRIVER", "/usr/bin/chromedriver")).toFile()).build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the window shows now as {@code target/screenshots/<name>.png} and returns the file. */
    static Path screenshot(WebDriver window, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) window).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}

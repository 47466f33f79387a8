package dev.kcmfa.it;

import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.testframework.ui.webdriver.ChromeHeadlessWebDriverSupplier;
import org.openqa.selenium.WebDriver;

/**
 * A headless Chromium, configured as the test framework configures it, for the pages that are JavaScript
 * applications (account console, admin console), which the suite's default HtmlUnit browser cannot run.
 */
final class Chromium {

    private static final String DRIVER_PROPERTY = "webdriver.chrome.driver";
    /** Debian's driver (package chromium-driver): without it Selenium would try to download one. */
    private static final Path DEBIAN_DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A new browser with no cookies; the caller quits it. */
    static WebDriver open() {
        if (Files.isExecutable(DEBIAN_DRIVER) && System.getProperty(DRIVER_PROPERTY) == null) {
            System.setProperty(DRIVER_PROPERTY, DEBIAN_DRIVER.toString());
        }
        return new ChromeHeadlessWebDriverSupplier().getWebDriver();
    }
}

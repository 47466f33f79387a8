package dev.kcmfa.it;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/**
 * Page object of Keycloak's own device login pages (theme keycloak.v2, which the bundle's theme extends): the page
 * asking for the code a tool showed, the consent it always asks for a device, and the closing page.
 */
final class DeviceLoginPage {

    private final ManagedWebDriver driver;

    DeviceLoginPage(ManagedWebDriver driver) {
        this.driver = driver;
    }

    /** The page a user opens by typing the tool's verification URI, without the code in it. */
    void open(String verificationUri) {
        driver.open(verificationUri);
    }

    void enterUserCode(String code) {
        driver.findElement(By.name("device_user_code")).sendKeys(code);
        driver.findElement(By.id("kc-login")).click();
    }

    boolean asksForTheCode() {
        return !driver.driver().findElements(By.id("kc-user-verify-device-user-code-form")).isEmpty();
    }

    boolean asksForConsent() {
        return !driver.driver().findElements(By.id("kc-oauth")).isEmpty();
    }

    void grantAccess() {
        driver.findElement(By.id("kc-login")).click();
    }

    void denyAccess() {
        driver.findElement(By.id("kc-cancel")).click();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }
}

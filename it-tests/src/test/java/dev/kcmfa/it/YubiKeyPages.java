package dev.kcmfa.it;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/** Page object of the YubiKey pages: the one that registers a key and the one that asks for its OTP. */
final class YubiKeyPages {

    private final ManagedWebDriver driver;

    YubiKeyPages(ManagedWebDriver driver) {
        this.driver = driver;
    }

    boolean asksToRegisterAKey() {
        return shows("mfa-yubikey-enroll-form");
    }

    boolean asksForAnOtp() {
        return shows("mfa-yubikey-form");
    }

    /** What a touch of the key does: types its OTP into the field; the page's button submits it. */
    void type(String otp) {
        driver.findElement(By.id("otp")).clear();
        driver.findElement(By.id("otp")).sendKeys(otp);
        driver.findElement(By.id(asksToRegisterAKey() ? "mfa-yubikey-enroll-submit" : "mfa-yubikey-submit")).click();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    private boolean shows(String id) {
        return !driver.driver().findElements(By.id(id)).isEmpty();
    }
}

package dev.kcmfa.it;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/** Page object of the SMS and voice pages: the one that asks for a number to set up and the one that asks for a code. */
final class PhonePages {

    private final ManagedWebDriver driver;

    PhonePages(ManagedWebDriver driver) {
        this.driver = driver;
    }

    boolean asksForANumber() {
        return shows("mfa-phone-enroll-form");
    }

    boolean asksForACode() {
        return shows("mfa-phone-form");
    }

    void typeNumber(String number) {
        driver.findElement(By.id("number")).clear();
        driver.findElement(By.id("number")).sendKeys(number);
        driver.findElement(By.id("mfa-phone-enroll-submit")).click();
    }

    void typeCode(String code) {
        driver.findElement(By.id("code")).clear();
        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("mfa-phone-submit")).click();
    }

    void askForANewCode() {
        driver.findElement(By.id("mfa-phone-resend")).click();
    }

    void useAnotherNumber() {
        driver.findElement(By.id("mfa-phone-change")).click();
    }

    /** The number as the page shows it, masked. */
    String instruction() {
        return driver.findElement(By.id("mfa-phone-instruction")).getText();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    private boolean shows(String id) {
        return !driver.driver().findElements(By.id(id)).isEmpty();
    }
}

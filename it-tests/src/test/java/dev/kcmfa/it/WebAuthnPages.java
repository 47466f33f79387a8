package dev.kcmfa.it;

import java.time.Duration;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person with a security key or passkey at a real browser (Chromium with a virtual authenticator): the bundle's
 * pages for the key and its setup, Keycloak's registration page, and Keycloak's "Sign in with passkey".
 */
final class WebAuthnPages {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(15);

    private final ManagedWebDriver driver;

    WebAuthnPages(ManagedWebDriver driver) {
        this.driver = driver;
    }

    boolean showsSetUpPage() {
        return !driver.driver().findElements(By.id("mfa-webauthn-set-up")).isEmpty();
    }

    boolean showsKeycloaksRegistrationPage() {
        return !driver.driver().findElements(By.id("registerWebAuthn")).isEmpty();
    }

    boolean showsKeyPage() {
        return !driver.driver().findElements(By.id("mfa-webauthn-instruction")).isEmpty();
    }

    /** Where the browser is and what it shows, for failure messages. */
    String describe() {
        return driver.driver().getCurrentUrl() + "\n" + driver.driver().findElement(By.tagName("body")).getText();
    }

    String title() {
        return driver.findElement(By.id("kc-page-title")).getText();
    }

    /** On the bundle's setup page: "Set up", then Keycloak's registration page, the key touched and named. */
    void setUp(String keyName) {
        driver.findElement(By.id("mfa-webauthn-set-up")).click();
        registerOnKeycloaksPage(keyName);
    }

    /** Keycloak's registration page ("Register"): the browser creates the credential and asks for its name. */
    void registerOnKeycloaksPage(String keyName) {
        WebElement register = new WebDriverWait(driver.driver(), PAGE_WAIT).until(
                ExpectedConditions.elementToBeClickable(By.id("registerWebAuthn")));
        register.click();
        Alert namePrompt = new WebDriverWait(driver.driver(), PAGE_WAIT).until(ExpectedConditions.alertIsPresent());
        namePrompt.sendKeys(keyName);
        namePrompt.accept();
        waitForNextPage(register);
    }

    /** On the bundle's key page: "Use security key" (or passkey), ticking "Remember this device" if asked. */
    void useKey() {
        WebElement button = new WebDriverWait(driver.driver(), PAGE_WAIT).until(
                ExpectedConditions.elementToBeClickable(By.id("authenticateWebAuthnButton")));
        button.click();
        waitForNextPage(button);
    }

    /** Keycloak's "Sign in with passkey" on the username and password page. */
    void signInWithPasskey() {
        useKey(); // the same button id on Keycloak's login page
    }

    /** "Try another way", then the method of this id in the chooser. */
    void tryAnotherWay(String method) {
        for (String id : new String[] {"mfa-try-another-way", "mfa-method-" + method}) {
            WebElement button = driver.findElement(By.id(id));
            button.click();
            waitForNextPage(button);
        }
    }

    /** What a hand-made form post sends: picks a method on the chooser, whether or not it offers it. */
    void forgeChoiceOf(String method) {
        WebElement keyButton = driver.driver().findElement(By.id("authenticateWebAuthnButton"));
        ((JavascriptExecutor) driver.driver()).executeScript("var f = document.createElement('form');"
                + "f.method = 'post'; f.action = document.getElementById('webauth').action;"
                + "var i = document.createElement('input'); i.name = 'mfaMethod'; i.value = arguments[0];"
                + "f.appendChild(i); document.body.appendChild(f); f.submit();", method);
        waitForNextPage(keyButton);
    }

    /** Waits until the page that held {@code element} has been replaced by the next one. */
    private void waitForNextPage(WebElement element) {
        new WebDriverWait(driver.driver(), PAGE_WAIT).until(ExpectedConditions.stalenessOf(element));
    }
}

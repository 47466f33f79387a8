package dev.kcmfa.it;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Keycloak's account console as a user sees it in a real browser (it is a JavaScript application). */
final class AccountConsolePage {

    private final WebDriver browser;
    private final String accountUrl;

    AccountConsolePage(WebDriver browser, String realmUrl) {
        this.browser = browser;
        this.accountUrl = realmUrl + "/account";
    }

    /** Opens the "Signing in" page, signing in with the password on the login page it redirects to. */
    void openSigningInAs(String username, String password) {
        browser.get(accountUrl + "/account-security/signing-in");
        signIn(username, password);
        awaitPage("Signing in");
    }

    /**
     * Opens "Personal info", signing in with the password and then the code of the user's authenticator app on the
     * pages it redirects to.
     */
    void openPersonalInfoAs(String username, String password, String appCode) {
        browser.get(accountUrl + "/");
        signIn(username, password);
        waitFor(By.id("otp")).sendKeys(appCode);
        browser.findElement(By.id("mfa-totp-submit")).click();
        awaitPage("Personal info");
        waitFor(By.id("save-btn"));
    }

    /**
     * The labels of the user's credentials of a type, as the "Signing in" page lists them (once the list has
     * loaded); empty when it shows the type as not set up.
     */
    List<String> credentialLabels(String type) {
        String list = "[data-testid='" + type + "/credential-list']";
        waitFor(By.cssSelector(list));
        return browser.findElements(By.cssSelector(list + " [data-testrole=label]")).stream()
                .map(WebElement::getText).toList();
    }

    /** What the "Signing in" page shows of one credential (label, "Created" date), by the credential's id. */
    String credentialRow(String credentialId) {
        return waitFor(By.id("cred-" + credentialId)).getText();
    }

    /**
     * The "Delete" button of one credential of a type, then "Delete" on Keycloak's confirmation page; returns once
     * "Signing in" has loaded its list of that type again without it.
     */
    void removeCredential(String type, String credentialId) {
        waitFor(By.cssSelector("#cred-" + credentialId + " [data-testrole=remove]")).click();
        waitFor(By.id("kc-accept")).click();
        awaitPage("Signing in");
        waitFor(By.cssSelector("[data-testid='" + type + "/credential-list']"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                d -> d.findElements(By.id("cred-" + credentialId)).isEmpty());
    }

    /** The options a select field of the profile (by attribute name) lists when opened, as shown; closes it again. */
    List<String> selectOptions(String attribute) {
        waitFor(By.id(attribute)).click();
        List<String> options = waitForAll(By.cssSelector("[role=option]")).stream().map(WebElement::getText).toList();
        browser.findElement(By.id(attribute)).click();
        return options;
    }

    /** What a select field of the profile shows as chosen (its placeholder when nothing is). */
    String selected(String attribute) {
        return waitFor(By.id(attribute)).getText();
    }

    /** Picks an option of a select field by its label and saves "Personal info"; returns the alert shown. */
    String chooseAndSave(String attribute, String label) {
        waitFor(By.id(attribute)).click();
        waitForAll(By.cssSelector("[role=option]")).stream().filter(o -> o.getText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no option " + label + ": " + text())).click();
        browser.findElement(By.id("save-btn")).click();
        return waitFor(By.cssSelector("[data-testid=last-alert]")).getText();
    }

    private void signIn(String username, String password) {
        waitFor(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    private void awaitPage(String title) {
        waitFor(By.cssSelector("h1"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                d -> text().contains(title) || text().contains("Something went wrong"));
    }

    String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private WebElement waitFor(By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    private List<WebElement> waitForAll(By elements) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfAllElementsLocatedBy(elements));
    }
}

package dev.kcmfa.it;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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
        waitFor(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        waitFor(By.cssSelector("h1"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                d -> text().contains("Signing in") || text().contains("Something went wrong"));
    }

    String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private org.openqa.selenium.WebElement waitFor(By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(element));
    }
}

package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;


import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/** A person who forgot their password: "Forgot password?" on the login page, the mailed link, a new password. */
final class ForgotPassword {

    private final ManagedWebDriver driver;
    private final OAuthClient oauth;
    private final LoginBrowser browser;
    private final Mailbox mailbox;

    ForgotPassword(ManagedWebDriver driver, OAuthClient oauth, LoginBrowser browser, Mailbox mailbox) {
        this.driver = driver;
        this.oauth = oauth;
        this.browser = browser;
        this.mailbox = mailbox;
    }

    /** From a fresh login to the test app: the login page's "Forgot password?" link, then the username. */
    void askForALink(String username) {
        browser.signOut();
        oauth.loginForm().uiLocales("en").open();
        driver.findElement(By.cssSelector("a[href*='/login-actions/reset-credentials']")).click();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("kc-form-buttons")).click();
        assertTrue(browser.pageText().contains("You should receive an email shortly"), browser.pageText());
    }

    /** Asks for a link and opens the one that arrives as the mail number {@code n} of the test, in this browser. */
    void followTheLink(String username, int n) throws Exception {
        askForALink(username);
        driver.open(Mailbox.actionLinkIn(mailbox.nth(n)));
    }

    boolean showsNewPasswordForm() {
        return !driver.driver().findElements(By.id("password-new")).isEmpty();
    }

    void setNewPassword(String password) {
        driver.findElement(By.id("password-new")).sendKeys(password);
        driver.findElement(By.id("password-confirm")).sendKeys(password);
        driver.findElement(By.id("kc-submit")).click();
    }
}

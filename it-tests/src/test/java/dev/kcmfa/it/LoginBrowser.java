package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcmfa.devicecli.PushDevice;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.PageFactory;

/** A person at the browser: the login steps of the bundle's pages, by the ids the pages give their fields. */
public final class LoginBrowser {

    public static final String REMEMBER_DEVICE_COOKIE = "KC_MFA_DEVICE";

    private final ManagedWebDriver driver;
    private final OAuthClient oauth;
    private final ManagedRealm realm;

    public LoginBrowser(ManagedWebDriver driver, OAuthClient oauth, ManagedRealm realm) {
        this.driver = driver;
        this.oauth = oauth;
        this.realm = realm;
    }

    /** Starts a fresh login to the test app (no SSO cookie) and submits username and password. */
    public void logInWithPassword(String username) {
        logInWithPassword(username, "en");
    }

    /**
     * The same, asking the login pages for a language (OIDC {@code ui_locales}), in this browser (which need not be
     * the one the OAuth client drives).
     */
    public void logInWithPassword(String username, String locale) {
        logInWithPasswordAt(username, oauth.loginForm().uiLocales(locale).build());
    }

    /** The same, at a login URL the test built (an app's own request: {@code acr_values}, {@code claims}, ...). */
    public void logInWithPasswordAt(String username, String loginUrl) {
        signOut();
        driver.open(loginUrl);
        LoginPage login = new LoginPage(driver);
        PageFactory.initElements(driver.driver(), login);
        login.fillLogin(username, username);
        login.submit();
    }

    /**
     * Ends the SSO session by dropping Keycloak's cookies, except "remember this device", which a browser keeps
     * across logouts. Cookies can only be deleted for the site the browser is on: visit Keycloak's realm first, at
     * a path under the realm's cookie path ({@code /realms/<name>/}: Chromium, unlike HtmlUnit, shows the cookies of
     * that path only below it).
     */
    public void signOut() {
        driver.open(realm.getBaseUrl() + "/");
        driver.cookies().getAll().stream()
                .filter(c -> !REMEMBER_DEVICE_COOKIE.equals(c.getName()))
                .forEach(c -> driver.driver().manage().deleteCookieNamed(c.getName()));
    }

    public Cookie rememberDeviceCookie() {
        driver.open(realm.getBaseUrl() + "/");
        return driver.cookies().get(REMEMBER_DEVICE_COOKIE);
    }

    public boolean offersToRememberTheDevice() {
        return !driver.driver().findElements(By.id("rememberDevice")).isEmpty();
    }

    public void tickRememberThisDevice() {
        driver.findElement(By.id("rememberDevice")).click();
    }

    /** The page that asks, after a method without a page of the bundle's (Duo), whether to remember the browser. */
    public boolean asksToRememberTheBrowser() {
        return !driver.driver().findElements(By.id("mfa-remember-form")).isEmpty();
    }

    public void answerRememberTheBrowser(boolean remember) {
        driver.findElement(By.id(remember ? "mfa-remember-yes" : "mfa-remember-no")).click();
    }

    public boolean showsTotpEnrollment() {
        return !driver.driver().findElements(By.id("mfa-totp-qr")).isEmpty();
    }

    public boolean showsTotpCodeForm() {
        return !driver.driver().findElements(By.id("mfa-totp-form")).isEmpty();
    }

    public boolean showsPasswordForm() {
        return !driver.driver().findElements(By.id("password")).isEmpty();
    }

    public String qrCodeImage() {
        return driver.findElement(By.id("mfa-totp-qr")).getAttribute("src");
    }

    public String secretText() {
        return driver.findElement(By.id("mfa-totp-secret")).getText();
    }

    public void finishEnrollment(String code, String deviceName) {
        driver.findElement(By.id("otp")).sendKeys(code);
        driver.findElement(By.id("userLabel")).sendKeys(deviceName);
        driver.findElement(By.id("mfa-totp-enroll-submit")).click();
    }

    /** Keycloak's re-authentication page (the user is known): types the password again and submits it. */
    public void enterPasswordAgain(String username) {
        driver.findElement(By.id("password")).sendKeys(username);
        driver.findElement(By.id("kc-login")).click();
    }

    public void enterTotp(String code) {
        driver.findElement(By.id("otp")).clear();
        driver.findElement(By.id("otp")).sendKeys(code);
        driver.findElement(By.id("mfa-totp-submit")).click();
    }

    /** Enrolls TOTP for a user who has none, and returns the app holding the new secret. */
    public AuthenticatorApp enrollTotp(String username) throws Exception {
        logInWithPassword(username);
        AuthenticatorApp app = AuthenticatorApp.scan(qrCodeImage());
        finishEnrollment(app.currentCode(), "phone");
        return app;
    }

    public boolean offersToPostponeEnrollment() {
        return !driver.driver().findElements(By.id("mfa-postpone")).isEmpty();
    }

    public void postponeEnrollment() {
        driver.findElement(By.id("mfa-postpone")).click();
    }

    /** What a user could do without the button: send "postpone" with the enrollment form anyway. */
    public void forcePostponeEnrollment() {
        submitWithField("mfa-totp-enroll-form", "postpone");
    }

    public boolean showsEmailCodeForm() {
        return !driver.driver().findElements(By.id("mfa-email-form")).isEmpty();
    }

    public void enterEmailCode(String code) {
        driver.findElement(By.id("code")).clear();
        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("mfa-email-submit")).click();
    }

    public void askForANewEmailCode() {
        driver.findElement(By.id("mfa-email-resend")).click();
    }

    public boolean showsPushEnrollment() {
        return !driver.driver().findElements(By.id("mfa-push-qr")).isEmpty();
    }

    /** What a phone's camera reads from the enrollment QR code. */
    public String scanPushEnrollmentQrCode() throws Exception {
        return QrCode.read(driver.findElement(By.id("mfa-push-qr")).getAttribute("src"));
    }

    /**
     * Sets up a phone (the reference device, with this Firebase registration token; "" for none) for a user who has
     * none, through the QR code of a login, which then finishes.
     */
    public PushDevice enrollPhone(String username, String label, String fcmToken) throws Exception {
        logInWithPassword(username);
        PushDevice phone = PushDevice.enroll(scanPushEnrollmentQrCode(), label, fcmToken);
        awaitPushOutcome();
        return phone;
    }

    /**
     * Adds a phone to a user who holds an app, as when an admin asks for one: a login passes the app (its current
     * code), then enrolls the phone from the QR code, and the browser is signed out again.
     */
    public PushDevice addPhoneAfterTheApp(String username, AuthenticatorApp app) throws Exception {
        DemoRealm.askToSetUpAPhone(realm, username);
        logInWithPassword(username);
        enterTotp(app.currentCode());
        assertTrue(showsPushEnrollment(), pageText());
        PushDevice phone = PushDevice.enroll(scanPushEnrollmentQrCode(), "phone", "fcm-" + username);
        awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode(), pageText());
        signOut();
        return phone;
    }

    public boolean showsPushNumber() {
        return !driver.driver().findElements(By.id("mfa-push-number")).isEmpty();
    }

    public boolean offersAnotherMethod() {
        return !driver.driver().findElements(By.id("mfa-push-fallback")).isEmpty();
    }

    public void useAnotherMethod() {
        driver.findElement(By.id("mfa-push-fallback")).click();
    }

    /** What a user could do without the button: send "fallback" with the push page's form anyway. */
    public void forceAnotherMethod() {
        submitWithField("mfa-push-form", "fallback");
    }

    /** Submits a form of the page with one more (hidden, empty) field, as a hand-made request would. */
    private void submitWithField(String formId, String fieldName) {
        submitWithField(driver, formId, fieldName, "");
    }

    /** Submits a form of the page with one more hidden field, as a hand-made request would. */
    static void submitWithField(ManagedWebDriver driver, String formId, String fieldName, String value) {
        ((JavascriptExecutor) driver.driver()).executeScript(
                "var form = document.getElementById(arguments[0]);"
                        + "var field = document.createElement('input');"
                        + "field.type = 'hidden'; field.name = arguments[1]; field.value = arguments[2];"
                        + "form.appendChild(field); form.submit();", formId, fieldName, value);
    }

    public String pushNumber() {
        return driver.findElement(By.id("mfa-push-number")).getText().trim();
    }

    /**
     * Lets the push page move on once the phone has answered: its script does so by itself where the browser runs
     * it; otherwise (or if it has not after five seconds) the user presses the page's button, as without JavaScript.
     * Five, not two: on a loaded machine the script's own redirect can take over two seconds, and a press racing it
     * submits the finished login a second time ("already logged in"). Returns once the next page (the app, or the login page) has loaded.
     */
    public void awaitPushOutcome() throws InterruptedException {
        long pressAt = System.currentTimeMillis() + 5000;
        while (onPushPage() && System.currentTimeMillis() < pressAt) {
            Thread.sleep(100);
        }
        if (onPushPage()) {
            pressFirst(By.id("mfa-push-enroll-continue"), By.id("mfa-push-check"));
        }
        // settled twice in a row: a page the script is replacing can look settled for a moment, then vanish
        long until = System.currentTimeMillis() + 5000;
        int settledChecks = 0;
        while (settledChecks < 2 && System.currentTimeMillis() < until) {
            Thread.sleep(150);
            settledChecks = settled() ? settledChecks + 1 : 0;
        }
    }

    private void pressFirst(By... buttons) {
        try {
            for (By button : buttons) {
                if (!driver.driver().findElements(button).isEmpty()) {
                    driver.driver().findElement(button).click();
                    return;
                }
            }
        } catch (WebDriverException e) {
            // the page's script submitted it at the same moment
        }
    }

    /** A page the script loads in the background can be half there: treat lookups that fail as "not yet". */
    private boolean settled() {
        try {
            return driver.getCurrentUrl().contains("code=") || showsPasswordForm() && !pageText().isEmpty();
        } catch (WebDriverException e) {
            return false;
        }
    }

    private boolean onPushPage() {
        try {
            return !driver.driver().findElements(By.id("mfa-push-form")).isEmpty()
                    || !driver.driver().findElements(By.id("mfa-push-enroll-form")).isEmpty();
        } catch (WebDriverException e) {
            return false;
        }
    }

    public void refresh() {
        driver.driver().navigate().refresh();
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }
}

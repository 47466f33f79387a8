package dev.kcmfa.it;

import java.util.List;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/**
 * Page object of recovery codes: the bundle's offer ("Set up recovery codes" / "Not now"), Keycloak's page that shows
 * new codes, and the bundle's page that asks for one.
 */
final class RecoveryCodePages {

    private final ManagedWebDriver driver;

    RecoveryCodePages(ManagedWebDriver driver) {
        this.driver = driver;
    }

    boolean showsOffer() {
        return shows("mfa-recovery-offer-form");
    }

    void acceptOffer() {
        driver.findElement(By.id("mfa-recovery-offer-setup")).click();
    }

    void declineOffer() {
        driver.findElement(By.id("mfa-recovery-offer-later")).click();
    }

    /** Keycloak's CONFIGURE_RECOVERY_AUTHN_CODES page. */
    boolean showsNewCodes() {
        return shows("kc-recovery-codes-list");
    }

    /** Whether Keycloak's page offers to leave without saving codes (only an application-initiated action does). */
    boolean offersToCancel() {
        return shows("cancelRecoveryAuthnCodesBtn");
    }

    /** The codes as Keycloak's page lists them ("ABCD-EFGH-IJKL"), in order. */
    List<String> newCodes() {
        return driver.driver().findElements(By.cssSelector("#kc-recovery-codes-list li")).stream()
                .map(li -> li.getText().trim()).toList();
    }

    /** Reads the codes, ticks "I have saved these codes" and saves them, as a person does. */
    List<String> saveNewCodes() {
        List<String> codes = newCodes();
        driver.findElement(By.id("kcRecoveryCodesConfirmationCheck")).click();
        driver.findElement(By.id("saveRecoveryAuthnCodesBtn")).click();
        return codes;
    }

    boolean asksForACode() {
        return shows("kc-recovery-code-login-form");
    }

    void enterCode(String code) {
        driver.findElement(By.id("recoveryCodeInput")).clear();
        driver.findElement(By.id("recoveryCodeInput")).sendKeys(code);
        driver.findElement(By.id("mfa-recovery-code-submit")).click();
    }

    private boolean shows(String id) {
        return !driver.driver().findElements(By.id(id)).isEmpty();
    }
}

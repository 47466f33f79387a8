package dev.kcmfa.it;

import java.util.List;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/** Page object of the second factor's choice: the "Try another way" link of every MFA page and the list it opens. */
public final class MethodChooser {

    private final ManagedWebDriver driver;

    public MethodChooser(ManagedWebDriver driver) {
        this.driver = driver;
    }

    public boolean offersAnotherWay() {
        return !driver.driver().findElements(By.id("mfa-try-another-way")).isEmpty();
    }

    public void tryAnotherWay() {
        driver.findElement(By.id("mfa-try-another-way")).click();
    }

    public boolean isShown() {
        return !driver.driver().findElements(By.id("mfa-choose-method-form")).isEmpty();
    }

    /** The methods listed, in the order shown. */
    public List<String> offered() {
        return driver.driver().findElements(By.cssSelector("#mfa-choose-method-form button[name=mfaMethod]"))
                .stream().map(b -> b.getAttribute("value")).toList();
    }

    public void choose(String method) {
        driver.findElement(By.id("mfa-method-" + method)).click();
    }

    /** What a hand-made request can do without the list: post {@code mfaMethod} with the page's form anyway. */
    public void forceChoice(String formId, String method) {
        LoginBrowser.submitWithField(driver, formId, "mfaMethod", method);
    }
}

package dev.kcmfa.it;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.keycloak.testframework.config.Config;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Keycloak's admin console (a React application, so {@link Chromium} rather than the suite's HtmlUnit), signed in
 * as the server's admin: what an admin sees on the "MFA policies" page, with screenshots in
 * {@code target/screenshots/}.
 */
final class AdminConsole implements AutoCloseable {

    static final String POLICIES_PAGE = "MFA policies";
    static final String USER_POLICY_PAGE = "MFA policy of a user";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final String consoleUrl;

    private AdminConsole(String server, String realmName, String language) {
        driver = Chromium.open(1500, 1100, language);
        wait = new WebDriverWait(driver, PATIENCE);
        consoleUrl = server + "/admin/master/console/#/" + realmName;
    }

    /** Opens the console and signs in as the server's admin. */
    static AdminConsole signIn(ManagedRealm realm) {
        return signIn(realm, "en");
    }

    /**
     * Opens the console in a browser set to a language (as {@code de}) and signs in as the server's admin: the
     * console is in that language when the master realm offers it.
     */
    static AdminConsole signIn(ManagedRealm realm, String language) {
        return signIn(realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/")), realm.getName(),
                language);
    }

    /** Signs in as the server's admin at this server (its base URL), on a realm the test made itself. */
    static AdminConsole signIn(String server, String realmName) {
        return signIn(server, realmName, "en");
    }

    private static AdminConsole signIn(String server, String realmName, String language) {
        AdminConsole console = new AdminConsole(server, realmName, language);
        console.driver.get(console.consoleUrl);
        console.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(Config.getAdminUsername());
        console.driver.findElement(By.id("password")).sendKeys(Config.getAdminPassword());
        console.driver.findElement(By.id("kc-login")).click();
        console.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav, [data-testid=realmSelector]")));
        return console;
    }

    /** The list of entries of one of the bundle's pages: each row's cells as shown, top to bottom. */
    List<List<String>> list(String page) {
        open("/page-section/" + encoded(page));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table tbody tr td a")));
        return driver.findElements(By.cssSelector("table tbody tr")).stream()
                .map(row -> row.findElements(By.cssSelector("td")).stream().map(WebElement::getText)
                        .map(String::trim).filter(text -> !text.isEmpty()).toList())
                .toList();
    }

    List<List<String>> policyList() {
        return list(POLICIES_PAGE);
    }

    /** Realm settings › MFA policies: each row's scope and what it sets, top to bottom. */
    List<List<String>> policyOverview() {
        open("/realm-settings/mfa-policies");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=row]")));
        return driver.findElements(By.cssSelector("[data-testid=row]")).stream()
                .map(row -> row.findElements(By.tagName("input")).stream().map(i -> i.getAttribute("value")).toList())
                .toList();
    }

    /**
     * Opens one of the bundle's tabs by its route below the realm (e.g. {@code authentication/mfa-flows}), afresh:
     * the console shows what a save stored only when the tab is opened again.
     */
    void openTab(String route) {
        open("/" + route);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=save]")));
    }

    /** Whether a switch of the open form is on. */
    boolean isOn(String name) {
        return field(name).isSelected();
    }

    /** Turns a switch of the open form on or off, by its label (the box itself is hidden under it). */
    void turn(String name, boolean on) {
        if (isOn(name) != on) {
            driver.findElement(By.cssSelector("label.pf-v5-c-switch[for='" + name + "']")).click();
            wait.until(page -> isOn(name) == on);
        }
    }

    /** Opens an entry of the MFA policies page from its list, by the scope its link shows. */
    void openEntry(String scope) {
        openEntry(POLICIES_PAGE, scope, "scope");
    }

    /** Opens an entry from a page's list by its link's text, once its first field has loaded. */
    void openEntry(String page, String linkText, String firstField) {
        list(page);
        driver.findElement(By.linkText(linkText)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=save]")));
        wait.until(ExpectedConditions.attributeToBeNotEmpty(field(firstField), "value"));
    }

    void newEntry() {
        newEntry(POLICIES_PAGE);
    }

    /** "Create item" on a page's list (a page with no entries shows it as its empty state's button). */
    void newEntry(String page) {
        open("/page-section/" + encoded(page) + "/add");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=save]")));
    }

    /** What a text field of the open entry shows. */
    String fieldValue(String name) {
        return field(name).getAttribute("value");
    }

    void type(String name, String text) {
        WebElement field = field(name);
        field.clear();
        field.sendKeys(text);
    }

    /** Picks a top-level group in the Group field's dialog, from the realm's groups. */
    void pickGroup(String groupName) {
        driver.findElement(By.cssSelector("[data-testid=join-groups-button]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='" + groupName + "']")))
                .click();
        // the dialog has opened the group once its breadcrumb names it; only then does Select take it
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".pf-v5-c-modal-box .pf-v5-c-breadcrumb"), groupName));
        driver.findElement(By.cssSelector("[data-testid=select-button]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid=select-button]")));
    }

    /** The picked group as its chip shows it (the form's only chip). */
    String pickedGroup() {
        return driver.findElement(By.cssSelector(".pf-v5-c-chip-group .pf-v5-c-chip__text")).getText().trim();
    }

    /** Presses Save and returns the alert the console shows. */
    String save() {
        driver.findElement(By.cssSelector("[data-testid=save]")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-alert__title")))
                .getText();
    }

    /** The breadcrumb above the page, e.g. "MFA › Details". */
    String breadcrumb() {
        return String.join(" › ", driver.findElements(By.cssSelector(".pf-v5-c-breadcrumb__item")).stream()
                .map(WebElement::getText).map(String::trim).filter(t -> !t.isEmpty()).toList());
    }

    /** The column names of the list on the page. */
    List<String> columnNames() {
        return driver.findElements(By.cssSelector("table thead th")).stream().map(WebElement::getText)
                .map(String::trim).filter(text -> !text.isEmpty()).toList();
    }

    /** The labels of the open entry's fields, top to bottom. */
    List<String> fieldLabels() {
        return driver.findElements(By.cssSelector(".pf-v5-c-form__label-text")).stream().map(WebElement::getText)
                .map(String::trim).filter(text -> !text.isEmpty()).toList();
    }

    /** The page's heading, e.g. an entry's scope. */
    String title() {
        return driver.findElement(By.tagName("h1")).getText().trim();
    }

    /**
     * A user's Credentials tab, with every group of credentials of one type expanded: each row's cells as shown
     * (type, label, created, ...), top to bottom.
     */
    List<List<String>> userCredentials(String userId) {
        open("/users/" + userId + "/credentials");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table tbody tr td")));
        driver.findElements(By.cssSelector("td.kc-expandRow-btn button")).forEach(WebElement::click);
        return driver.findElements(By.cssSelector("table tbody tr")).stream()
                .map(row -> row.findElements(By.cssSelector("td")).stream().map(WebElement::getText)
                        .map(String::trim).filter(text -> !text.isEmpty()).toList())
                .filter(cells -> !cells.isEmpty())
                .toList();
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        return Chromium.screenshot(driver, name);
    }

    private WebElement field(String name) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='" + name + "']")));
    }

    private void open(String route) {
        driver.get(consoleUrl + route);
        driver.navigate().refresh();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        driver.quit();
    }
}

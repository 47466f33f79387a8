package dev.kcmfa.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A real browser window of a laptop's size ({@link Chromium}, 1280×900), for what HtmlUnit cannot tell: where things
 * are on the screen, what is visible without scrolling, and screenshots (into {@code it-tests/target/screenshots}).
 * {@link #driver()} serves a {@link LoginBrowser} for the login steps.
 */
final class ChromeWindow implements AutoCloseable {

    static final int WIDTH = 1280;
    static final int HEIGHT = 900;

    private final ChromeDriver chrome;
    private final ManagedWebDriver driver;

    private ChromeWindow(ChromeDriver chrome) {
        this.chrome = chrome;
        this.driver = new ManagedWebDriver(chrome);
    }

    static ChromeWindow open() {
        ChromeDriver chrome = Chromium.open(WIDTH, HEIGHT);
        // every lookup of an element that is absent waits this long (LoginBrowser asks "is this page shown?" often)
        chrome.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        return new ChromeWindow(chrome);
    }

    ManagedWebDriver driver() {
        return driver;
    }

    /**
     * Plugs a virtual authenticator into this browser (Chromium's, through WebDriver): it creates and uses real
     * WebAuthn credentials, touched and verified at once. {@code passkeys}: it keeps discoverable credentials and
     * verifies the user (a phone or a FIDO2 key with a PIN); otherwise a plain USB security key.
     */
    VirtualAuthenticator plugInAuthenticator(boolean passkeys) {
        return chrome.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(passkeys).setHasUserVerification(passkeys).setIsUserVerified(passkeys)
                .setIsUserConsenting(true));
    }

    /** Saves what the window shows now as {@code target/screenshots/<name>.png} and returns the file. */
    Path screenshot(String name) throws IOException {
        return Chromium.screenshot(chrome, name);
    }

    /**
     * How far (in CSS pixels) the centre of the element's box lies from the centre of its parent's content box,
     * horizontally: 0 for a centred element.
     */
    double horizontalOffCentre(String id) {
        Number off = (Number) script("var e = document.getElementById(arguments[0]), p = e.parentElement;"
                + "var s = getComputedStyle(p), r = e.getBoundingClientRect(), q = p.getBoundingClientRect();"
                + "var left = q.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth);"
                + "var right = q.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth);"
                + "return (r.left + r.right) / 2 - (left + right) / 2;", id);
        return off.doubleValue();
    }

    /** Whether the whole of the element is inside the window as it is now (not scrolled away, not below the fold). */
    boolean inView(By element) {
        return (Boolean) script("var r = arguments[0].getBoundingClientRect();"
                + "return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;",
                chrome.findElement(element));
    }

    /** The page's vertical scroll position and the id of the focused element. */
    Map<String, Object> scrollAndFocus() {
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) script(
                "return {scrollY: window.scrollY, focused: document.activeElement && document.activeElement.id};");
        return state;
    }

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) chrome).executeScript(js, args);
    }

    @Override
    public void close() {
        chrome.quit();
    }
}

package dev.kcmfa.it;

import org.junit.jupiter.api.BeforeEach;

/**
 * What the CIBA test classes share: the demo realm's call centre in poll mode before each test (the test framework's
 * clean-up leaves an attribute a test added, so a ping test's mode is set back here) and the test app's login page,
 * where a caller enrols a phone.
 */
abstract class CallCentreTest extends PushBrowserTest {

    CallCentreApp callCentre;

    @BeforeEach
    void theCallCentreInPollMode() {
        callCentre = new CallCentreApp(realm);
        realm.updateClientWithCleanup(CallCentreApp.CLIENT_ID,
                c -> c.attribute("ciba.backchannel.token.delivery.mode", "poll"));
    }

    String loginUrl() {
        return oauth.loginForm().build();
    }
}

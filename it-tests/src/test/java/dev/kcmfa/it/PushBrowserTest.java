package dev.kcmfa.it;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the classes that deliver pushes add to {@link DemoRealmBrowserTest}: Firebase played by {@link FakeFcm} on
 * loopback for the class, and the demo flows' push steps pointed at it before each test.
 */
abstract class PushBrowserTest extends DemoRealmBrowserTest {

    static FakeFcm fcm;

    @BeforeAll
    static void startFirebase() throws Exception {
        fcm = new FakeFcm(8599);
    }

    @AfterAll
    static void stopFirebase() {
        fcm.close();
    }

    @BeforeEach
    void pointThePushStepsAtFirebase() throws IOException {
        configurePushSteps(Map.of());
    }

    /** Gives the push steps more settings than Firebase's, as an admin would (replacing the steps' earlier ones). */
    void configurePushSteps(Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(settings);
        all.put("fcmServiceAccount", fcm.serviceAccountJson());
        all.put("fcmBaseUrl", fcm.baseUrl());
        DemoRealm.configurePushSteps(realm, all);
    }
}

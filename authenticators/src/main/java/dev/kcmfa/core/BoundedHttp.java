package dev.kcmfa.core;

import java.time.Duration;

import org.apache.http.client.config.RequestConfig;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's HTTP client with a time limit for connecting, for a pooled connection and for each read, so that a
 * service that stops answering (FCM, Duo) holds a login for that long at most. Keycloak's own default waits for a
 * connection as long as the operating system does (minutes).
 */
public final class BoundedHttp {

    private BoundedHttp() {
    }

    public static SimpleHttp create(KeycloakSession session, int seconds) {
        int millis = seconds * 1000;
        return SimpleHttp.create(session).withRequestConfig(RequestConfig.custom().setConnectTimeout(millis)
                .setConnectionRequestTimeout(millis).setSocketTimeout(millis).build());
    }

    /** Keycloak's client with separate limits for connecting (and for a pooled connection) and for each read. */
    public static SimpleHttp create(KeycloakSession session, Duration connect, Duration read) {
        return bounded(SimpleHttp.create(session), connect, read);
    }

    /** The same limits on any client: tests use it on a plain one. */
    public static SimpleHttp bounded(SimpleHttp http, Duration connect, Duration read) {
        int connectMillis = Math.toIntExact(connect.toMillis());
        return http.withRequestConfig(RequestConfig.custom().setConnectTimeout(connectMillis)
                .setConnectionRequestTimeout(connectMillis).setSocketTimeout(Math.toIntExact(read.toMillis()))
                .build());
    }
}

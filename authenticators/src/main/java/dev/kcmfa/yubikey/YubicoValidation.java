package dev.kcmfa.yubikey;

import java.io.IOException;
import java.util.Map;

import dev.kcmfa.core.BoundedHttp;
import dev.kcmfa.yubikey.YubicoProtocol.Verdict;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Asks the configured validation servers, in order, whether an OTP is genuine and fresh. A server that cannot be
 * reached (no connection, time-out, an HTTP error, its own backend error) hands over to the next; when none answers
 * the verdict is {@link Verdict#UNAVAILABLE}, which refuses the login: this never fails open.
 */
final class YubicoValidation {

    private static final Logger LOG = Logger.getLogger(YubicoValidation.class);
    /** The protocol allows 16 to 40; alphanumeric, as it asks. */
    private static final int NONCE_LENGTH = 32;

    private YubicoValidation() {
    }

    static Verdict verify(KeycloakSession session, YubiKeySettings settings, YubiKeyOtp otp) {
        if (settings.problem().isPresent()) {
            LOG.warnf("YubiKey step misconfigured: %s", settings.problem().get());
            return Verdict.MISCONFIGURED;
        }
        for (String url : settings.validationUrls()) {
            Verdict verdict = ask(session, settings, url, otp.value());
            if (verdict != Verdict.UNAVAILABLE) {
                return verdict;
            }
        }
        return Verdict.UNAVAILABLE;
    }

    private static Verdict ask(KeycloakSession session, YubiKeySettings settings, String url, String otp) {
        // a fresh nonce per server: a second server must not be sent a request the first one has seen
        String nonce = SecretGenerator.getInstance().randomString(NONCE_LENGTH);
        byte[] key = settings.apiKey();
        SimpleHttpRequest request = BoundedHttp.create(session, settings.timeoutSeconds()).doGet(url);
        YubicoProtocol.request(settings.clientId(), otp, nonce, key).forEach(request::param);
        try (SimpleHttpResponse response = request.asResponse()) {
            if (response.getStatus() != 200) {
                LOG.warnf("YubiKey validation server %s answered HTTP %d", url, response.getStatus());
                return Verdict.UNAVAILABLE;
            }
            Map<String, String> answer = YubicoProtocol.parse(response.asString());
            Verdict verdict = YubicoProtocol.verdict(answer, otp, nonce, key);
            if (verdict == Verdict.UNAVAILABLE || verdict == Verdict.MISCONFIGURED
                    || verdict == Verdict.UNVERIFIABLE) {
                LOG.warnf("YubiKey validation server %s: status %s, verdict %s", url, answer.get("status"), verdict);
            }
            return verdict;
        } catch (IOException e) {
            LOG.warnf("YubiKey validation server %s cannot be reached: %s", url, e.toString());
            return Verdict.UNAVAILABLE;
        }
    }
}

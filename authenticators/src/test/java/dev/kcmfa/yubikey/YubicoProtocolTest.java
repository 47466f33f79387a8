package dev.kcmfa.yubikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.kcmfa.yubikey.YubicoProtocol.Verdict;
import org.junit.jupiter.api.Test;

class YubicoProtocolTest {

    private static final byte[] KEY = Base64.getDecoder().decode("mG5be6ZJU1qBGz24yPh/ESM3UdU=");
    private static final String OTP = "cccjgjgkhcbbirdrfdnlnghhfgrtnnlgedjlftrbdeut";
    private static final String NONCE = "aef3a7835277a28da831005c2ae3b919e2076a62";

    /** The example of Yubico's protocol page: id=1, this otp and nonce, key above. */
    @Test
    void signsTheSortedParameters() {
        Map<String, String> request = YubicoProtocol.request("1", OTP, NONCE, KEY);
        assertEquals(YubicoProtocol.sign(Map.of("id", "1", "nonce", NONCE, "otp", OTP), KEY), request.get("h"));
        assertEquals(28, request.get("h").length());
    }

    @Test
    void parsesLinesWhoseValueHoldsEquals() {
        Map<String, String> parsed = YubicoProtocol.parse("h=ab+c=\r\nt=2026-12-07T19:00:00Z0123\r\nstatus=OK\r\n\r\n");
        assertEquals("ab+c=", parsed.get("h"));
        assertEquals("OK", parsed.get("status"));
    }

    @Test
    void acceptsOnlyASignedOkAboutThisRequest() {
        assertEquals(Verdict.VALID, YubicoProtocol.verdict(signed("OK", OTP, NONCE), OTP, NONCE, KEY));
        assertEquals(Verdict.REPLAYED, YubicoProtocol.verdict(signed("REPLAYED_OTP", OTP, NONCE), OTP, NONCE, KEY));
        assertEquals(Verdict.REPLAYED,
                YubicoProtocol.verdict(signed("REPLAYED_REQUEST", OTP, NONCE), OTP, NONCE, KEY));
        assertEquals(Verdict.WRONG, YubicoProtocol.verdict(signed("BAD_OTP", OTP, NONCE), OTP, NONCE, KEY));
        assertEquals(Verdict.UNAVAILABLE,
                YubicoProtocol.verdict(signed("BACKEND_ERROR", OTP, NONCE), OTP, NONCE, KEY));
        assertEquals(Verdict.UNVERIFIABLE, YubicoProtocol.verdict(signed("OK", OTP, "other"), OTP, NONCE, KEY));
        assertEquals(Verdict.UNVERIFIABLE,
                YubicoProtocol.verdict(signed("OK", OTP.replace('c', 'b'), NONCE), OTP, NONCE, KEY));
        Map<String, String> forged = signed("OK", OTP, NONCE);
        forged.put("h", YubicoProtocol.sign(forged, "another key".getBytes()));
        assertEquals(Verdict.UNVERIFIABLE, YubicoProtocol.verdict(forged, OTP, NONCE, KEY));
        Map<String, String> unsigned = signed("OK", OTP, NONCE);
        unsigned.remove("h");
        assertEquals(Verdict.UNVERIFIABLE, YubicoProtocol.verdict(unsigned, OTP, NONCE, KEY));
        assertEquals(Verdict.MISCONFIGURED,
                YubicoProtocol.verdict(Map.of("status", "NO_SUCH_CLIENT"), OTP, NONCE, KEY));
    }

    @Test
    void readsThePublicIdOfAModhexOtp() {
        assertEquals("cccjgjgkhcbb", YubiKeyOtp.parse(" " + OTP.toUpperCase() + " ").orElseThrow().publicId());
        assertTrue(YubiKeyOtp.parse("123456").isEmpty());
        assertTrue(YubiKeyOtp.parse(OTP + "c".repeat(5)).isEmpty());
        assertTrue(YubiKeyOtp.parse(OTP.replace('c', 'a')).isEmpty());
    }

    private static Map<String, String> signed(String status, String otp, String nonce) {
        Map<String, String> response = new HashMap<>(Map.of("t", "2026-12-07T19:00:00Z0123", "otp", otp,
                "nonce", nonce, "sl", "100", "status", status));
        response.put("h", YubicoProtocol.sign(response, KEY));
        return response;
    }
}

package dev.kcmfa.yubikey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Yubico OTP validation protocol 2.0 (https://developers.yubico.com/OTP/Specifications/OTP_validation_protocol.html),
 * without the transport: the signed request's parameters, and the verdict on a response. Pure functions, so the
 * signing and the checks are tested on their own.
 */
final class YubicoProtocol {

    /** What a validation server's answer means for the login. */
    enum Verdict {
        /** Signed, echoes our OTP and nonce, status OK. */
        VALID,
        /** The server says the OTP is not a good one (BAD_OTP and the like): a wrong code. */
        WRONG,
        /** The OTP (or the request) was seen before: refused, with words of its own. */
        REPLAYED,
        /** The server cannot answer (BACKEND_ERROR, NOT_ENOUGH_ANSWERS): the next URL is tried. */
        UNAVAILABLE,
        /** The server refuses our client id or signature: an admin must fix the settings. */
        MISCONFIGURED,
        /** The answer is unsigned, badly signed or not about our request: never trusted. */
        UNVERIFIABLE
    }

    static final String SIGNATURE = "h";

    private YubicoProtocol() {
    }

    /** The request's parameters, signed with the API key (Base64, as Yubico hands it out). */
    static Map<String, String> request(String clientId, String otp, String nonce, byte[] apiKey) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("id", clientId);
        params.put("otp", otp);
        params.put("nonce", nonce);
        params.put(SIGNATURE, sign(params, apiKey));
        return params;
    }

    /** HMAC-SHA1 of the parameters (but h) sorted by key, as {@code k1=v1&k2=v2}, Base64. */
    static String sign(Map<String, String> params, byte[] apiKey) {
        String line = new TreeMap<>(params).entrySet().stream().filter(e -> !SIGNATURE.equals(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(apiKey, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(line.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** The response body: one {@code key=value} per line (the value may itself hold '='). */
    static Map<String, String> parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body == null ? new String[0] : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /**
     * What the response means for the OTP and nonce we sent. Only a correctly signed answer about exactly our request
     * counts; an unsigned refusal of our credentials can only refuse, so it is read as a settings problem.
     */
    static Verdict verdict(Map<String, String> response, String otp, String nonce, byte[] apiKey) {
        String status = response.getOrDefault("status", "");
        if (!signedCorrectly(response, apiKey)) {
            return "NO_SUCH_CLIENT".equals(status) || "BAD_SIGNATURE".equals(status)
                    ? Verdict.MISCONFIGURED : Verdict.UNVERIFIABLE;
        }
        if (!otp.equals(response.get("otp")) || !nonce.equals(response.get("nonce"))) {
            // only an answer about exactly this request may pass the login or count against the user
            return Verdict.UNVERIFIABLE;
        }
        return switch (status) {
            case "OK" -> Verdict.VALID;
            case "REPLAYED_OTP", "REPLAYED_REQUEST" -> Verdict.REPLAYED;
            case "BACKEND_ERROR", "NOT_ENOUGH_ANSWERS" -> Verdict.UNAVAILABLE;
            case "NO_SUCH_CLIENT", "BAD_SIGNATURE", "MISSING_PARAMETER", "OPERATION_NOT_ALLOWED" ->
                    Verdict.MISCONFIGURED;
            default -> Verdict.WRONG; // BAD_OTP, and any status this protocol version does not know
        };
    }

    private static boolean signedCorrectly(Map<String, String> response, byte[] apiKey) {
        String received = response.get(SIGNATURE);
        if (received == null) {
            return false;
        }
        byte[] expected = sign(response, apiKey).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, received.getBytes(StandardCharsets.US_ASCII));
    }
}

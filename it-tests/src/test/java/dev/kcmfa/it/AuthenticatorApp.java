package dev.kcmfa.it;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;


/**
 * What a phone's authenticator app does: scans the QR code of an otpauth:// URI and computes RFC 6238 codes. Written
 * independently of Keycloak's OTP code so that the tests check interoperability, not Keycloak against itself.
 */
public final class AuthenticatorApp {

    private final byte[] key;
    private final String algorithm;
    private final int digits;
    private final int period;
    private final String label;

    private AuthenticatorApp(URI otpauth) {
        Map<String, String> query = query(otpauth);
        this.key = base32Decode(query.get("secret"));
        this.algorithm = "Hmac" + query.getOrDefault("algorithm", "SHA1");
        this.digits = Integer.parseInt(query.getOrDefault("digits", "6"));
        this.period = Integer.parseInt(query.getOrDefault("period", "30"));
        this.label = URLDecoder.decode(otpauth.getRawPath().substring(1), StandardCharsets.UTF_8);
    }

    /** Scans a QR code given as the {@code src} of an {@code <img>}: {@code data:image/png;base64,...}. */
    public static AuthenticatorApp scan(String imageDataUri) throws Exception {
        String text = QrCode.read(imageDataUri);
        URI uri = URI.create(text);
        if (!"otpauth".equals(uri.getScheme()) || !"totp".equals(uri.getHost())) {
            throw new IllegalArgumentException("not a TOTP enrollment QR code: " + text);
        }
        return new AuthenticatorApp(uri);
    }

    /** An app set up by typing the secret shown under the QR code (the realm's default SHA1, 6 digits, 30 s). */
    public static AuthenticatorApp fromSecret(String base32) {
        return new AuthenticatorApp(URI.create("otpauth://totp/typed?secret=" + base32.replace(" ", "")));
    }

    /** The "issuer:account" label the app would show. */
    public String label() {
        return label;
    }

    public String currentCode() {
        return codeAt(System.currentTimeMillis());
    }

    /** The code of the previous time step, which a server with a look-around window of 1 still accepts now. */
    public String previousCode() {
        return codeAt(System.currentTimeMillis() - period * 1000L);
    }

    /** The code of the next time step, which a server with a look-ahead window of 1 accepts now. */
    public String nextCode() {
        return codeAt(System.currentTimeMillis() + period * 1000L);
    }

    /** A code of the right length that is not the current, previous or next one. */
    public String wrongCode() {
        long now = System.currentTimeMillis();
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%0" + digits + "d", candidate);
            if (!code.equals(codeAt(now)) && !code.equals(codeAt(now - period * 1000L))
                    && !code.equals(codeAt(now + period * 1000L))) {
                return code;
            }
        }
    }

    private String codeAt(long millis) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(millis / 1000 / period).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%0" + digits + "d", binary % (int) Math.pow(10, digits));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").replace(" ", "").toUpperCase();
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}

package dev.kcmfa.device;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.Token;
import org.keycloak.TokenCategory;

/**
 * What the "remember this device" cookie holds, signed with the realm's active key by Keycloak's token manager:
 * whose device it is, in which realm, which remembered-device credential stands for this browser (deleting it revokes
 * the cookie), and when it was remembered and until when.
 */
public class RememberedDeviceToken implements Token {

    @JsonProperty("sub")
    private String userId;

    @JsonProperty("rlm")
    private String realmId;

    @JsonProperty("cid")
    private String credentialId;

    @JsonProperty("iat")
    private long issuedAt;

    @JsonProperty("exp")
    private long expiresAt;

    public RememberedDeviceToken() {
        // for JSON
    }

    RememberedDeviceToken(String userId, String realmId, String credentialId, long issuedAt, long expiresAt) {
        this.userId = userId;
        this.realmId = realmId;
        this.credentialId = credentialId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    String userId() {
        return userId;
    }

    String realmId() {
        return realmId;
    }

    /** Null in cookies issued before remembered browsers were credentials: those no longer count. */
    String credentialId() {
        return credentialId;
    }

    long issuedAt() {
        return issuedAt;
    }

    long expiresAt() {
        return expiresAt;
    }

    @JsonIgnore
    @Override
    public TokenCategory getCategory() {
        return TokenCategory.INTERNAL;
    }
}

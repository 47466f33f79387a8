package dev.kcmfa.flow;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.StepConfig;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * The second factor a user passed at the identity provider they signed in with, accepted when the admin chose so
 * in the step's settings and the provider's ID token proves it: its {@code amr} holds {@code mfa}, or its
 * {@code acr} is one the admin listed. Only in a post-broker-login flow, and only for OpenID Connect providers
 * (the token Keycloak validated at the provider's token endpoint).
 */
final class UpstreamMfa {

    static final String CONF_ACCEPT = "broker.acceptUpstreamMfa";
    static final String CONF_ACR_VALUES = "broker.upstreamMfaAcr";
    /** Keycloak's note of the brokered login during a post-broker-login flow. */
    private static final String NOTE_BROKERED_CONTEXT = "PBL_BROKERED_IDENTITY_CONTEXT";
    private static final String MULTIPLE_FACTORS = "mfa";
    private static final Logger LOG = Logger.getLogger(UpstreamMfa.class);

    private UpstreamMfa() {
    }

    /** The step's own settings (not a method's): whether and when to accept the provider's MFA. */
    static void addProperties(ProviderConfigurationBuilder builder) {
        builder.property().name(CONF_ACCEPT).label("Identity providers: accept their MFA")
                .helpText("In a post-broker-login flow: a user whose OpenID Connect provider says it asked for a "
                        + "second factor (amr holds mfa, or acr is one listed below) is not asked again. Off: "
                        + "every brokered user passes the policy's factor here.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(CONF_ACR_VALUES).label("Identity providers: acr values that prove MFA")
                .helpText("The provider's acr values, one per entry, that count as a second factor (besides an amr "
                        + "holding mfa), e.g. mfa or urn:example:loa:2.")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add();
    }

    /** The provider's references ({@code amr}) when this brokered login's MFA is accepted. */
    static Optional<List<String>> proven(AuthenticationFlowContext context) {
        StepConfig config = StepConfig.of("MFA - second factor", context.getAuthenticatorConfig());
        if (!config.flag(CONF_ACCEPT)) {
            return Optional.empty();
        }
        return upstreamIdToken(context).flatMap(token -> proof(token, config.entries(CONF_ACR_VALUES)));
    }

    private static Optional<List<String>> proof(JsonWebToken token, List<String> acceptedAcr) {
        List<String> amr = token.getOtherClaims().get("amr") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        Object acr = token instanceof IDToken idToken ? idToken.getAcr() : token.getOtherClaims().get("acr");
        boolean proven = amr.contains(MULTIPLE_FACTORS) || (acr != null && acceptedAcr.contains(acr.toString()));
        return proven ? Optional.of(amr) : Optional.empty();
    }

    /** The provider's ID token: an {@link IDToken} once its signature was checked, else the plain token read. */
    private static Optional<JsonWebToken> upstreamIdToken(AuthenticationFlowContext context) {
        SerializedBrokeredIdentityContext serialized = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                context.getAuthenticationSession(), NOTE_BROKERED_CONTEXT);
        if (serialized == null) {
            return Optional.empty();
        }
        try {
            BrokeredIdentityContext brokered = serialized.deserialize(context.getSession(),
                    context.getAuthenticationSession());
            return brokered.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN) instanceof JsonWebToken token
                    ? Optional.of(token) : Optional.empty();
        } catch (RuntimeException e) {
            // an unreadable note is no proof: the user passes the policy's factor here
            LOG.debugf(e, "brokered login context unreadable");
            return Optional.empty();
        }
    }
}

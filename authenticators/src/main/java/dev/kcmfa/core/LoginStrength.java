package dev.kcmfa.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What a login proved, for the apps: Keycloak's level of authentication (its {@code acr} claim, through the realm's
 * or client's ACR-to-LoA mapping) and the RFC 8176 references of the factors passed (the {@code amr} claim, through
 * the bundle's mapper). Level {@link #PASSWORD} for a login whose second factor was skipped, {@link #SECOND_FACTOR}
 * once one passed. An app asking for level 2 or more ({@code acr_values}, the {@code acr} claim) gets the second
 * factor whatever the policy would skip.
 */
public final class LoginStrength {

    public static final int PASSWORD = 1;
    public static final int SECOND_FACTOR = 2;

    /** The references passed in this user session, space-separated ({@code "otp mfa"}). */
    public static final String NOTE_REFERENCES = "mfa.amr";
    /** Added to a method's own references: the password and a second factor both passed. */
    static final String MULTIPLE_FACTORS = "mfa";

    private LoginStrength() {
    }

    /** Whether the app asked for a second factor: a requested level of {@link #SECOND_FACTOR} or more. */
    public static boolean secondFactorRequested(AuthenticationFlowContext context) {
        return acr(context).getRequestedLevelOfAuthentication(context.getTopLevelFlow()) >= SECOND_FACTOR;
    }

    /**
     * Whether the app asked, as essential, for more than a second factor or any later step of the flow gives (an
     * admin's level under Keycloak's LoA condition): refused before the user is asked for a factor in vain.
     */
    public static boolean essentialLevelBeyondReach(AuthenticationFlowContext context) {
        AcrStore acr = acr(context);
        // the flow's conditions are read only for a login that asked as essential, not for every login
        return acr.isLevelOfAuthenticationForced()
                && acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow()) > highestReachable(context);
    }

    private static int highestReachable(AuthenticationFlowContext context) {
        return LoAUtil.getLoaMaxAgesConfiguredInRealmFlow(context.getRealm(), context.getTopLevelFlow().getId())
                .keySet().stream().reduce(SECOND_FACTOR, Math::max);
    }

    /**
     * Whether the app forced a new login ({@code prompt=login}, or a {@code max_age} the session is older than):
     * then what the user was trusted with before (a network, a remembered browser) does not spare the factor.
     */
    public static boolean reauthenticationForced(AuthenticationFlowContext context) {
        return AuthenticatorUtil.isForcedReauthentication(context.getAuthenticationSession());
    }

    /** The login passed {@code method}: level 2, and the method's references for the session's tokens. */
    public static void secondFactorPassed(AuthenticationFlowContext context, MfaMethod method) {
        secondFactorPassed(context, method.authenticationReferences());
    }

    /**
     * The user's identity provider proved a second factor (post-broker login, when the step accepts it): level 2,
     * and the provider's own references for the session's tokens.
     */
    public static void secondFactorPassedUpstream(AuthenticationFlowContext context, List<String> upstreamReferences) {
        secondFactorPassed(context, upstreamReferences);
    }

    private static void secondFactorPassed(AuthenticationFlowContext context, List<String> passedReferences) {
        acr(context).setLevelAuthenticatedToCurrentRequest(SECOND_FACTOR);
        Set<String> references = new LinkedHashSet<>(passedReferences);
        references.add(MULTIPLE_FACTORS);
        context.getAuthenticationSession().setUserSessionNote(NOTE_REFERENCES, String.join(" ", references));
    }

    /**
     * The login goes on without a second factor: level 1, unless this same login already reached more (a login that
     * passes the step twice, as a password reset after a first factor).
     */
    public static void secondFactorSkipped(AuthenticationFlowContext context) {
        AcrStore acr = acr(context);
        if (acr.getLevelOfAuthenticationFromCurrentAuthentication() < PASSWORD) {
            acr.setLevelAuthenticatedToCurrentRequest(PASSWORD);
        }
    }

    /**
     * Whether a login that asked for its level as essential (the {@code acr} claim with {@code "essential": true})
     * reached less: Keycloak's own LoA condition refuses such a login at the same point, after the whole flow.
     */
    public static boolean essentialLevelMissed(KeycloakSession session, AuthenticationSessionModel authSession,
            AuthenticationFlowModel topFlow) {
        AcrStore acr = new AcrStore(session, authSession);
        return acr.isLevelOfAuthenticationForced() && !acr.isLevelOfAuthenticationSatisfiedFromCurrentAuthentication(topFlow);
    }

    /**
     * The references for a client session's {@code amr} claim: those its user session's logins passed, and those of
     * a backchannel (CIBA) approval, which Keycloak's CIBA grant keeps as a client note of the approval's parameters.
     */
    public static List<String> references(AuthenticatedClientSessionModel clientSession) {
        List<String> references = new ArrayList<>(split(clientSession.getUserSession().getNote(NOTE_REFERENCES)));
        // with Keycloak's HTTP channel an outside device writes these notes: a backchannel approval never claims mfa
        split(clientSession.getNote(CibaGrantType.ADDITIONAL_CALLBACK_PARAMS_PREFIX + NOTE_REFERENCES)).stream()
                .filter(reference -> !MULTIPLE_FACTORS.equals(reference)).forEach(references::add);
        return references;
    }

    private static List<String> split(String note) {
        return note == null || note.isBlank() ? List.of() : List.of(note.trim().split(" +"));
    }

    private static AcrStore acr(AuthenticationFlowContext context) {
        return new AcrStore(context.getSession(), context.getAuthenticationSession());
    }
}

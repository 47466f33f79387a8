package dev.kcmfa.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.kcmfa.apps.AuthenticationMethodsMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderQuery;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Installs the {@link RecommendedFlow}s in a realm, idempotently: first works out every change (a missing flow is
 * created, one that differs from its recommended shape is rebuilt in place, a binding elsewhere is moved), so that a
 * dry run can report them, then applies them in that order. Nothing the realm has is deleted but the executions of
 * a flow being rebuilt; a flow already as recommended, and a binding already made, are left alone. It also adds the
 * user-profile attribute of the users' own default method ({@link DefaultMethodAttribute}) and what makes tokens say
 * what the login proved ({@link TokenClaims}) where the realm lacks them.
 */
public final class FlowInstaller {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final List<Planned> plan = new ArrayList<>();

    private FlowInstaller(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The changes installing would make; {@code bind} false leaves the realm's and providers' bindings alone. */
    public static FlowInstaller plan(KeycloakSession session, RealmModel realm, boolean bind) {
        FlowInstaller installer = new FlowInstaller(session, realm);
        for (RecommendedFlow recommended : RecommendedFlow.values()) {
            installer.planFlow(recommended);
        }
        installer.planDefaultMethodAttribute();
        installer.planTokenClaims();
        if (bind) {
            installer.planRealmBindings();
            installer.planIdentityProviders();
        }
        return installer;
    }

    /** Each change as the admin API reports it, in the order they are (or would be) made. */
    public List<Map<String, Object>> changes() {
        return plan.stream().map(Planned::change).toList();
    }

    public void apply() {
        plan.forEach(p -> p.apply().run());
    }

    /**
     * Makes the changes as one admin event listing them (the admin API's call and the console tab's save alike); with
     * nothing to change it records nothing.
     */
    public void apply(AdminEventBuilder adminEvent) {
        if (plan.isEmpty()) {
            return;
        }
        apply();
        adminEvent.resource(ResourceType.AUTH_FLOW).operation(OperationType.ACTION)
                .resourcePath("mfa", "flows").representation(Map.of("changes", changes())).success();
    }

    private void planFlow(RecommendedFlow recommended) {
        AuthenticationFlowModel existing = realm.getFlowByAlias(recommended.alias());
        requireOwnAliases(recommended, existing);
        if (existing == null) {
            add(change("flow", recommended.alias(), "action", "created"), () -> RealmFlows.create(realm, recommended));
            return;
        }
        FlowShape now = RealmFlows.shapeOf(realm, existing);
        if (!now.equals(recommended.shape())) {
            Map<String, Object> change = change("flow", recommended.alias(), "action", "updated");
            change.put("previous", now.outline());
            add(change, () -> RealmFlows.rebuild(session, realm, existing, recommended));
            return;
        }
        planStepSettings(existing);
    }

    /** A flow installed before one of its steps had settings gets them (new and rebuilt flows have them). */
    private void planStepSettings(AuthenticationFlowModel flow) {
        RealmFlows.stepsLackingSettings(realm, flow).forEach(step -> add(
                change("step", step.getValue().getAuthenticator(), "flow", step.getKey(),
                        "settings", StepSettings.of(step.getValue().getAuthenticator()), "action", "created"),
                () -> StepSettings.add(realm, step.getKey(), step.getValue())));
    }

    /** The realm's ACR names for the step's levels, and the amr mapper every OIDC client's tokens get. */
    private void planTokenClaims() {
        if (TokenClaims.loaMapMissing(realm)) {
            add(change("realmAttribute", Constants.ACR_LOA_MAP, "value", TokenClaims.LOA_MAP, "action", "created"),
                    () -> TokenClaims.addLoaMap(realm));
        }
        ClientScopeModel scope = TokenClaims.acrScopeForAmrMapper(realm);
        if (scope != null) {
            add(change("clientScope", scope.getName(), "protocolMapper", AuthenticationMethodsMapper.PROVIDER_ID,
                    "action", "created"), () -> TokenClaims.addAmrMapper(scope));
        }
    }

    /** Users set their default method in the account console through this user-profile attribute. */
    private void planDefaultMethodAttribute() {
        if (DefaultMethodAttribute.missing(session)) {
            add(change("userProfileAttribute", DefaultMethodAttribute.NAME, "action", "created"),
                    () -> DefaultMethodAttribute.add(session));
        }
    }

    /**
     * A flow holding a recommended alias elsewhere (a sub-flow named as a top-level flow, or a recommended sub-flow's
     * alias used outside its flow) would be shadowed by the installed one: the admin renames it first.
     */
    private void requireOwnAliases(RecommendedFlow recommended, AuthenticationFlowModel existing) {
        if (existing != null && !existing.isTopLevel()) {
            throw conflict(recommended.alias());
        }
        requireOwnSubFlowAliases(recommended.shape(), existing);
    }

    /** Each sub-flow alias of {@code shape}, at any depth, is free or already the sub-flow of {@code parent}. */
    private void requireOwnSubFlowAliases(FlowShape shape, AuthenticationFlowModel parent) {
        for (FlowShape.Step step : shape.steps()) {
            if (step.subFlow() != null) {
                AuthenticationFlowModel taken = realm.getFlowByAlias(step.subFlow().alias());
                if (taken != null && !RealmFlows.isStepOf(realm, taken, parent)) {
                    throw conflict(taken.getAlias());
                }
                requireOwnSubFlowAliases(step.subFlow(), taken);
            }
        }
    }

    private static RuntimeException conflict(String alias) {
        return new AliasTaken("The flow '" + alias + "' is not where the MFA installer puts it: rename it first");
    }

    /**
     * The refusal of {@link #plan}: the admin API's 409 (the body {@code ErrorResponse} gives), with its message at
     * hand for the console tab, which shows it as it is; reading an ErrorResponseException's response instead would
     * mark the transaction for rollback, which a realm import's validation must not.
     */
    public static final class AliasTaken extends ErrorResponseException {

        private final String message;

        private AliasTaken(String message) {
            super(Response.status(Response.Status.CONFLICT).entity(errorRepresentation(message))
                    .type(MediaType.APPLICATION_JSON_TYPE).build());
            this.message = message;
        }

        private static ErrorRepresentation errorRepresentation(String message) {
            ErrorRepresentation error = new ErrorRepresentation();
            error.setErrorMessage(message);
            return error;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    private void planRealmBindings() {
        for (RecommendedFlow recommended : RecommendedFlow.values()) {
            if (recommended.binding() != null) {
                planRealmBinding(recommended);
            }
        }
    }

    private void planRealmBinding(RecommendedFlow recommended) {
        AuthenticationFlowModel bound = recommended.boundIn(realm);
        String from = bound == null ? null : bound.getAlias();
        if (!recommended.alias().equals(from)) {
            add(change("binding", recommended.binding(), "from", from, "to", recommended.alias()),
                    () -> recommended.bindIn(realm, realm.getFlowByAlias(recommended.alias())));
        }
    }

    /**
     * Users who log in through an identity provider pass the same policy, after the provider's login; one whose
     * provider account is linked to an existing account passes that account's second factor first. A provider that
     * names no first-broker-login flow of its own takes the realm's, which {@link #planRealmBindings} sets.
     */
    private void planIdentityProviders() {
        for (IdentityProviderModel provider : session.identityProviders()
                .getAllStream(IdentityProviderQuery.userAuthentication()).toList()) {
            String firstLogin = provider.getFirstBrokerLoginFlowId();
            if (firstLogin != null) {
                planProviderBinding(provider, "firstBrokerLoginFlowAlias", firstLogin,
                        RecommendedFlow.FIRST_BROKER_LOGIN, IdentityProviderModel::setFirstBrokerLoginFlowId);
            }
            planProviderBinding(provider, "postBrokerLoginFlowAlias", provider.getPostBrokerLoginFlowId(),
                    RecommendedFlow.POST_BROKER_LOGIN, IdentityProviderModel::setPostBrokerLoginFlowId);
        }
    }

    private void planProviderBinding(IdentityProviderModel provider, String binding, String flowId,
                                     RecommendedFlow recommended, BiConsumer<IdentityProviderModel, String> bind) {
        String from = RealmFlows.aliasOf(realm, flowId);
        String to = recommended.alias();
        if (!to.equals(from)) {
            add(change("identityProvider", provider.getAlias(), "binding", binding, "from", from, "to", to), () -> {
                bind.accept(provider, realm.getFlowByAlias(to).getId());
                session.identityProviders().update(provider);
            });
        }
    }

    private void add(Map<String, Object> change, Runnable apply) {
        plan.add(new Planned(change, apply));
    }

    /** Names and values in turn; a null value (a binding that was unset) is left out of the reply. */
    private static Map<String, Object> change(Object... namesAndValues) {
        Map<String, Object> change = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            change.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return change;
    }

    private record Planned(Map<String, Object> change, Runnable apply) {
    }
}

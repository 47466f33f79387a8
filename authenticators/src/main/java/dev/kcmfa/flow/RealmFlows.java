package dev.kcmfa.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Reads a realm's flow as a {@link FlowShape} and writes a shape into a flow, with Keycloak's model API. */
final class RealmFlows {

    /** Keycloak's own flows leave room between priorities, so that an admin can insert a step in the editor. */
    private static final int PRIORITY_STEP = 10;

    /** What a step whose sub-flow is gone reads as: equal to no recommended sub-flow. */
    private static final FlowShape MISSING = new FlowShape(null, null, List.of());

    private RealmFlows() {
    }

    static FlowShape shapeOf(RealmModel realm, AuthenticationFlowModel flow) {
        return new FlowShape(flow.getAlias(), flow.getProviderId(),
                realm.getAuthenticationExecutionsStream(flow.getId()).map(e -> stepOf(realm, e)).toList());
    }

    private static FlowShape.Step stepOf(RealmModel realm, AuthenticationExecutionModel execution) {
        if (!execution.isAuthenticatorFlow()) {
            return FlowShape.Step.run(execution.getAuthenticator(), execution.getRequirement());
        }
        AuthenticationFlowModel subFlow = realm.getAuthenticationFlowById(execution.getFlowId());
        return new FlowShape.Step(null, execution.getRequirement(),
                subFlow == null ? MISSING : shapeOf(realm, subFlow));
    }

    /** A new top-level flow of the recommended shape. */
    static void create(RealmModel realm, RecommendedFlow recommended) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(recommended.alias());
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        describe(flow, recommended);
        addSteps(realm, realm.addAuthenticationFlow(flow), recommended.shape());
    }

    /**
     * The same flow (same id, so every binding to it stays) with its executions, their settings and its sub-flows
     * replaced by the recommended ones.
     */
    static void rebuild(KeycloakSession session, RealmModel realm, AuthenticationFlowModel flow,
                        RecommendedFlow recommended) {
        realm.getAuthenticationExecutionsStream(flow.getId()).toList().forEach(execution ->
                KeycloakModelUtils.deepDeleteAuthenticationExecutor(session, realm, execution, () -> { }, () -> { },
                        false));
        describe(flow, recommended);
        realm.updateAuthenticationFlow(flow);
        addSteps(realm, flow, recommended.shape());
    }

    private static void describe(AuthenticationFlowModel flow, RecommendedFlow recommended) {
        flow.setDescription(recommended.description());
        flow.setProviderId(recommended.shape().providerId());
    }

    private static void addSteps(RealmModel realm, AuthenticationFlowModel flow, FlowShape shape) {
        for (int i = 0; i < shape.steps().size(); i++) {
            FlowShape.Step step = shape.steps().get(i);
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setParentFlow(flow.getId());
            execution.setRequirement(step.requirement());
            execution.setPriority((i + 1) * PRIORITY_STEP);
            if (step.subFlow() == null) {
                execution.setAuthenticator(step.authenticator());
                execution.setAuthenticatorFlow(false);
            } else {
                execution.setFlowId(addSubFlow(realm, step.subFlow()).getId());
                execution.setAuthenticatorFlow(true);
            }
            execution = realm.addAuthenticatorExecution(execution);
            if (StepSettings.missing(execution)) {
                StepSettings.add(realm, flow.getAlias(), execution);
            }
        }
    }

    private static AuthenticationFlowModel addSubFlow(RealmModel realm, FlowShape shape) {
        AuthenticationFlowModel subFlow = new AuthenticationFlowModel();
        subFlow.setAlias(shape.alias());
        subFlow.setProviderId(shape.providerId());
        subFlow.setTopLevel(false);
        subFlow.setBuiltIn(false);
        subFlow = realm.addAuthenticationFlow(subFlow);
        addSteps(realm, subFlow, shape);
        return subFlow;
    }

    /** The steps of {@code flow} and its sub-flows that lack their {@link StepSettings}, with their flows' aliases. */
    static List<Map.Entry<String, AuthenticationExecutionModel>> stepsLackingSettings(RealmModel realm,
                                                                                      AuthenticationFlowModel flow) {
        List<Map.Entry<String, AuthenticationExecutionModel>> lacking = new ArrayList<>();
        realm.getAuthenticationExecutionsStream(flow.getId()).forEach(execution -> {
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowModel subFlow = realm.getAuthenticationFlowById(execution.getFlowId());
                if (subFlow != null) {
                    lacking.addAll(stepsLackingSettings(realm, subFlow));
                }
            } else if (StepSettings.missing(execution)) {
                lacking.add(Map.entry(flow.getAlias(), execution));
            }
        });
        return lacking;
    }

    /** Whether {@code flow} is a step of {@code parent} (the installer's sub-flows sit one level down). */
    static boolean isStepOf(RealmModel realm, AuthenticationFlowModel flow, AuthenticationFlowModel parent) {
        AuthenticationExecutionModel execution = realm.getAuthenticationExecutionByFlowId(flow.getId());
        return parent != null && execution != null && parent.getId().equals(execution.getParentFlow());
    }

    static String aliasOf(RealmModel realm, String flowId) {
        AuthenticationFlowModel flow = flowId == null ? null : realm.getAuthenticationFlowById(flowId);
        return flow == null ? null : flow.getAlias();
    }
}

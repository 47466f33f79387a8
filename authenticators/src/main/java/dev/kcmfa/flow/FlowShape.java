package dev.kcmfa.flow;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/**
 * What the installer compares of a flow: its alias, its kind and its steps in order, each an authenticator or a
 * sub-flow with its requirement. Descriptions and step settings are left out, so an admin's wording or a configured
 * step does not count as a difference.
 */
public record FlowShape(String alias, String providerId, List<Step> steps) {

    /** The kind of every flow the installer writes: steps run in order, as Keycloak's own login flows. */
    public static final String BASIC_FLOW = "basic-flow";

    public static FlowShape basic(String alias, Step... steps) {
        return new FlowShape(alias, BASIC_FLOW, List.of(steps));
    }

    /** One line per step, sub-flows' steps indented under them: how a change shows what a flow held. */
    public List<String> outline() {
        List<String> lines = new ArrayList<>();
        outline("", lines);
        return lines;
    }

    private void outline(String indent, List<String> lines) {
        for (Step step : steps) {
            lines.add(indent + (step.subFlow() == null ? step.authenticator() : step.subFlow().alias())
                    + " " + step.requirement());
            if (step.subFlow() != null) {
                step.subFlow().outline(indent + "  ", lines);
            }
        }
    }

    /** An authenticator ({@code subFlow} null) or a sub-flow ({@code authenticator} null). */
    public record Step(String authenticator, Requirement requirement, FlowShape subFlow) {

        public static Step run(String authenticator, Requirement requirement) {
            return new Step(authenticator, requirement, null);
        }

        public static Step subFlow(Requirement requirement, String alias, Step... steps) {
            return new Step(null, requirement, basic(alias, steps));
        }
    }
}

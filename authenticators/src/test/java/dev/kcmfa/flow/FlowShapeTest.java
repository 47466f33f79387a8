package dev.kcmfa.flow;

import static dev.kcmfa.flow.FlowShape.Step.run;
import static dev.kcmfa.flow.FlowShape.Step.subFlow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.CONDITIONAL;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The recommended flows are exactly the documented ones, and any difference in steps, order or kind counts. */
class FlowShapeTest {

    @Test
    void theBrowserFlowIsTheCookieOrThePasswordUnlessPassedAtLevelOneThenTheSecondFactor() {
        assertEquals(List.of("auth-cookie ALTERNATIVE", "mfa browser forms ALTERNATIVE",
                        "  mfa browser password CONDITIONAL", "    conditional-level-of-authentication REQUIRED",
                        "    auth-username-password-form REQUIRED", "  mfa-second-factor REQUIRED"),
                RecommendedFlow.BROWSER.shape().outline());
        assertEquals("mfa browser", RecommendedFlow.BROWSER.alias());
        assertEquals("browserFlow", RecommendedFlow.BROWSER.binding());
    }

    @Test
    void theOtherFlowsAskForTheSecondFactorAfterWhatProvesTheUser() {
        assertEquals(List.of("direct-grant-validate-username REQUIRED", "direct-grant-validate-password REQUIRED",
                "mfa-second-factor REQUIRED"), RecommendedFlow.DIRECT_GRANT.shape().outline());
        assertEquals(List.of("reset-credentials-choose-user REQUIRED", "reset-credential-email REQUIRED",
                        "mfa-second-factor REQUIRED", "reset-password REQUIRED"),
                RecommendedFlow.RESET_CREDENTIALS.shape().outline());
        assertEquals(List.of("mfa-second-factor REQUIRED"), RecommendedFlow.POST_BROKER_LOGIN.shape().outline());
        assertEquals(List.of("mfa direct grant", "mfa reset credentials", "mfa first broker login",
                        "mfa post broker login"),
                Arrays.stream(RecommendedFlow.values()).skip(1).map(RecommendedFlow::alias).toList());
        assertEquals(Arrays.asList("browserFlow", "directGrantFlow", "resetCredentialsFlow", "firstBrokerLoginFlow",
                        null),
                Arrays.stream(RecommendedFlow.values()).map(RecommendedFlow::binding).toList());
    }

    @Test
    void theFirstBrokerLoginIsKeycloaksWithTheSecondFactorOfTheLinkedAccountInPlaceOfItsConditionalOtp() {
        assertEquals(List.of("idp-review-profile REQUIRED",
                        "mfa first broker login user creation or linking REQUIRED",
                        "  idp-create-user-if-unique ALTERNATIVE",
                        "  mfa first broker login existing account ALTERNATIVE",
                        "    idp-confirm-link REQUIRED",
                        "    mfa first broker login account verification REQUIRED",
                        "      idp-email-verification ALTERNATIVE",
                        "      idp-username-password-form ALTERNATIVE",
                        "mfa-second-factor REQUIRED"),
                RecommendedFlow.FIRST_BROKER_LOGIN.shape().outline());
    }

    @Test
    void aFlowReadBackWithTheSameStepsIsTheSame() {
        assertEquals(RecommendedFlow.BROWSER.shape(), browser("basic-flow", "mfa browser forms",
                PASSWORD, run("mfa-second-factor", REQUIRED)));
    }

    @Test
    void anotherOrderRequirementStepSubFlowOrKindIsADifference() {
        List<FlowShape> variants = List.of(
                browser("basic-flow", "mfa browser forms", run("mfa-second-factor", REQUIRED), PASSWORD),
                browser("basic-flow", "mfa browser forms", PASSWORD, run("mfa-second-factor", CONDITIONAL)),
                browser("basic-flow", "mfa browser forms", PASSWORD),
                browser("basic-flow", "mfa browser forms",
                        run("auth-username-password-form", REQUIRED), run("mfa-second-factor", REQUIRED)),
                browser("basic-flow", "mfa browser forms", subFlow(CONDITIONAL, "mfa browser password",
                        run("auth-username-password-form", REQUIRED)), run("mfa-second-factor", REQUIRED)),
                browser("basic-flow", "mfa browser forms", PASSWORD,
                        run("mfa-second-factor", REQUIRED), run("auth-otp-form", REQUIRED)),
                browser("basic-flow", "forms", PASSWORD, run("mfa-second-factor", REQUIRED)),
                browser("client-flow", "mfa browser forms", PASSWORD, run("mfa-second-factor", REQUIRED)));
        for (FlowShape variant : variants) {
            assertNotEquals(RecommendedFlow.BROWSER.shape(), variant, String.join("\n", variant.outline()));
        }
    }

    private static final FlowShape.Step PASSWORD = subFlow(CONDITIONAL, "mfa browser password",
            run("conditional-level-of-authentication", REQUIRED), run("auth-username-password-form", REQUIRED));

    private static FlowShape browser(String kind, String formsAlias, FlowShape.Step... forms) {
        return new FlowShape("mfa browser", kind,
                List.of(run("auth-cookie", ALTERNATIVE), subFlow(ALTERNATIVE, formsAlias, forms)));
    }
}

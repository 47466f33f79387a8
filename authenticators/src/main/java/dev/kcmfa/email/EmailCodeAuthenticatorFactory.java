package dev.kcmfa.email;

import java.util.List;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class EmailCodeAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = EmailMethod.EMAIL.steps().browser();

    private static final EmailCodeAuthenticator SINGLETON = new EmailCodeAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Email code";
    }

    @Override
    public String getReferenceCategory() {
        return "mfa-email";
    }

    @Override
    public String getHelpText() {
        return "Emails a one-time code to the user's verified address (realm SMTP settings) and asks for it. "
                + "Lifetime and attempts come from the user's MFA policy (codeTtl, maxAttempts); wrong codes count "
                + "for brute-force protection.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(EmailCodeSettings.CONF_LENGTH).label("Code length")
                .helpText("Digits in a code, 4 to 10.").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(EmailCodeSettings.DEFAULTS.length())).add()
                .property().name(EmailCodeSettings.CONF_RESEND_COOLDOWN).label("Resend cooldown (seconds)")
                .helpText("How long a user waits before asking for another code, 0 to 3600.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(EmailCodeSettings.DEFAULTS.resendCooldownSeconds())).add()
                .property().name(EmailCodeSettings.CONF_MAX_SENDS).label("Codes per login")
                .helpText("How many codes one login may send, 1 to 20.").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(EmailCodeSettings.DEFAULTS.maxSends())).add()
                .property().name(EmailCodeSettings.CONF_SENDS_PER_ADDRESS_PER_HOUR)
                .label("Emails per user and client address per hour")
                .helpText("How many emails logins from one client address (IPv6: one /64) may send one user in an "
                        + "hour, across logins and cluster nodes, 1 to 100. Someone who knows the password spends "
                        + "only their own address's allowance, not the user's. The resend cooldown also applies "
                        + "across logins from one address.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(EmailCodeSettings.DEFAULTS.sendsPerAddressPerHour())).add()
                .property().name(EmailCodeSettings.CONF_SENDS_PER_HOUR).label("Emails per user per hour")
                .helpText("How many emails one user may receive from this step in an hour from all addresses "
                        + "together, 1 to 300: the ceiling that many addresses cannot pass.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(EmailCodeSettings.DEFAULTS.sendsPerHour())).add()
                .property().name(EmailCodeSettings.CONF_UNVERIFIED).label("Users without a verified address")
                .helpText("'refuse': the login stops with a message to contact the administrator. 'verify first': "
                        + "Keycloak's verification email is sent; once the user has verified the address, the next "
                        + "login sends codes there. Verifying never finishes the login that sent it.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(EmailCodeSettings.UNVERIFIED_REFUSE, EmailCodeSettings.UNVERIFIED_VERIFY_FIRST)
                .defaultValue(EmailCodeSettings.UNVERIFIED_REFUSE).add()
                .property().name(EmailCodeSettings.CONF_MAGIC_LINK).label("Sign-in link in the email")
                .helpText("Also put a single-use link in the email that finishes this same login when opened in the "
                        + "same browser, within the code's lifetime.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).add()
                .build();
    }
}

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<#-- Keycloak's login-recovery-authn-code-input.ftl (its field and texts), with what every MFA page shares -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('recoveryCodeInput'); section>
<!-- template: mfa-recovery-code.ftl -->
    <#if section="header">
        ${msg("auth-recovery-code-header")}
    <#elseif section="form">
        <p id="mfa-recovery-code-instruction" class="pf-v5-u-mb-md">${msg("mfaRecoveryCodeInstruction")}</p>
        <form id="kc-recovery-code-login-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="recoveryCodeInput" label=msg("auth-recovery-code-prompt", mfaRecoveryCodeNumber?c) autocomplete="off" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-recovery-code-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

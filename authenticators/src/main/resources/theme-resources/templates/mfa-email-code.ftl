<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: mfa-email-code.ftl -->
    <#if section="header">
        ${msg("mfaEmailTitle")}
    <#elseif section="form">
        <p id="mfa-email-instruction" class="pf-v5-u-mb-md">${msg("mfaEmailInstruction", mfaEmail)}</p>
        <form id="mfa-email-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="code" label=msg("mfaEmailCodeLabel") autocomplete="one-time-code" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-email-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
    <#elseif section="info">
        <form id="mfa-email-resend-form" action="${url.loginAction}" method="post">
            <button type="submit" id="mfa-email-resend" name="resend" value="true" class="pf-v5-c-button pf-m-link pf-m-inline">${msg("mfaEmailResend")}</button>
        </form>
    </#if>
</@layout.registrationLayout>

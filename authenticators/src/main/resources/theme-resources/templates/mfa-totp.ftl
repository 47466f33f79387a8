<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp'); section>
<!-- template: mfa-totp.ftl -->
    <#if section="header">
        ${msg("mfaTotpTitle")}
    <#elseif section="form">
        <p id="mfa-totp-instruction" class="pf-v5-u-mb-md">${msg("mfaTotpInstruction")}</p>
        <form id="mfa-totp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="otp" label=msg("mfaTotpCodeLabel") autocomplete="one-time-code" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-totp-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp'); section>
<!-- template: mfa-yubikey.ftl -->
    <#if section="header">
        ${msg("mfaYubiKeyTitle")}
    <#elseif section="form">
        <p id="mfa-yubikey-instruction" class="pf-v5-u-mb-md">${msg("mfaYubiKeyInstruction")}</p>
        <form id="mfa-yubikey-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="otp" label=msg("mfaYubiKeyOtpLabel") autocomplete="off" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-yubikey-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp'); section>
<!-- template: mfa-yubikey-enroll.ftl -->
    <#if section="header">
        ${msg("mfaYubiKeyEnrollTitle")}
    <#elseif section="form">
        <p id="mfa-yubikey-enroll-instruction" class="pf-v5-u-mb-md">${msg("mfaYubiKeyEnrollInstruction")}</p>
        <form id="mfa-yubikey-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="otp" label=msg("mfaYubiKeyOtpLabel") autocomplete="off" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-yubikey-enroll-submit" name="login" label="mfaYubiKeyEnrollSubmit" />
                <@choice.postpone/>
            </@buttons.actionGroup>
            <@choice.postponeInfo/>
        </form>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<#assign voice = (mfaPhoneMethod == "voice")>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('number'); section>
<!-- template: mfa-phone-enroll.ftl -->
    <#if section="header">
        ${msg("mfaPhoneEnrollTitle")}
    <#elseif section="form">
        <p id="mfa-phone-enroll-instruction" class="pf-v5-u-mb-md">${msg(voice?then("mfaVoiceEnrollInstruction", "mfaSmsEnrollInstruction"))}</p>
        <form id="mfa-phone-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="number" label=msg("mfaPhoneNumberLabel") autocomplete="tel" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-phone-enroll-submit" name="login" label=voice?then("mfaVoiceEnrollSubmit", "mfaSmsEnrollSubmit") />
                <@choice.postpone/>
            </@buttons.actionGroup>
            <@choice.postponeInfo/>
        </form>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<#import "mfa-code-resend.ftl" as code>
<#-- the texts of the SMS method are named mfaSms..., those of the voice method mfaVoice... -->
<#assign texts = (mfaPhoneMethod == "voice")?then("mfaVoice", "mfaSms")>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: mfa-phone-code.ftl -->
    <#if section="header">
        ${msg(texts + "Title")}
    <#elseif section="form">
        <p id="mfa-phone-instruction" class="pf-v5-u-mb-md"><#if mfaCodeSent>${msg(texts + "Instruction", mfaPhoneNumber)}<#elseif mfaCodeResendWait gt 0>${msg(texts + "NotSentForThisLogin", mfaPhoneNumber, msg("mfaSeconds", mfaCodeCooldown))}<#else>${msg(texts + "NotSentYet")}</#if></p>
        <form id="mfa-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="code" label=msg("mfaPhoneCodeLabel") autocomplete="one-time-code" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-phone-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
    <#elseif section="info">
        <@code.resend id="mfa-phone" messages=texts wait=mfaCodeResendWait/>
        <#if mfaPhoneNew>
        <form id="mfa-phone-change-form" action="${url.loginAction}" method="post">
            <button type="submit" id="mfa-phone-change" name="change" value="true" class="pf-v5-c-button pf-m-link pf-m-inline">${msg("mfaPhoneChangeNumber")}</button>
        </form>
        </#if>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<#import "mfa-code-resend.ftl" as code>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: mfa-email-code.ftl -->
    <#if section="header">
        ${msg("mfaEmailTitle")}
    <#elseif section="form">
        <p id="mfa-email-instruction" class="pf-v5-u-mb-md"><#if mfaCodeSent>${msg("mfaEmailInstruction", mfaEmail)}<#elseif mfaCodeResendWait gt 0>${msg("mfaEmailNotSentForThisLogin", mfaEmail, msg("mfaSeconds", mfaCodeCooldown))}<#else>${msg("mfaEmailNotSentYet")}</#if></p>
        <form id="mfa-email-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="code" label=msg("mfaEmailCodeLabel") autocomplete="one-time-code" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-email-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
    <#elseif section="info">
        <@code.resend id="mfa-email" messages="mfaEmail" wait=mfaCodeResendWait/>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

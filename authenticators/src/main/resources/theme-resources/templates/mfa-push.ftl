<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<#import "mfa-push-wait.ftl" as wait>
<@layout.registrationLayout displayInfo=true; section>
<!-- template: mfa-push.ftl -->
    <#if section="header">
        ${msg("mfaPushTitle")}
    <#elseif section="form">
        <#if mfaPushNumber??>
            <#-- what became of the push: sent; or not pushed (no FCM) or failed (the warning above): the app asks -->
            <#if (mfaPushDelivery!"") == "sent">
                <p id="mfa-push-instruction">${msg("mfaPushInstruction")}</p>
            <#elseif mfaPushApp.referenceDevice>
                <p id="mfa-push-instruction">${msg("mfaPushInstructionReferenceDevice")}</p>
                <pre id="mfa-push-commands" class="mfa-push-command"><code>${mfaPushApp.command} pending
${mfaPushApp.command} approve &lt;id&gt; ${mfaPushNumber}</code></pre>
            <#else>
                <p id="mfa-push-instruction">${msg("mfaPushInstructionOpenApp", mfaPushApp.name?has_content?then(mfaPushApp.name, msg("mfaPushAppDefaultName")))}</p>
            </#if>
            <p id="mfa-push-number" class="pf-v5-u-font-size-4xl pf-v5-u-font-weight-bold pf-v5-u-text-align-center pf-v5-u-my-lg">${mfaPushNumber}</p>
        </#if>
        <form id="mfa-push-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#if mfaPushNumber??>
                <@remember.checkbox/>
            </#if>
            <@buttons.actionGroup>
                <#if mfaPushNumber??>
                    <@buttons.button id="mfa-push-check" name="check" label="mfaPushCheck" />
                </#if>
                <@buttons.button id="mfa-push-resend" name="resend" label="mfaPushResend" type="secondary" />
                <#if mfaFallbackOffer??>
                    <@buttons.button id="mfa-push-fallback" name="fallback" label=mfaFallbackOffer type="secondary" />
                </#if>
            </@buttons.actionGroup>
        </form>
        <#if mfaPushStatusUrl??>
            <@wait.script statusUrl=mfaPushStatusUrl formId="mfa-push-form"/>
        </#if>
    <#elseif section="info">
        <p class="pf-v5-u-font-size-sm">${msg("mfaPushWaiting")}</p>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "mfa-push-wait.ftl" as wait>
<@layout.registrationLayout; section>
<!-- template: mfa-push-enroll.ftl -->
    <#if section="header">
        ${msg("mfaPushEnrollTitle")}
    <#elseif section="form">
        <ol id="mfa-push-enroll-steps" class="pf-v5-c-list pf-v5-u-mb-md">
            <li><p>${msg("mfaPushEnrollStep1")}</p></li>
            <li>
                <p>${msg("mfaPushEnrollStep2")}</p>
                <img id="mfa-push-qr" src="data:image/png;base64,${mfaPush.qrCode}" alt="${msg("mfaPushQrAlt")}" width="246" height="246"/>
                <p class="pf-v5-u-font-size-sm">${msg("mfaPushEnrollManual")}</p>
                <p><code id="mfa-push-enroll-url" class="pf-v5-u-font-size-sm">${mfaPush.enrollUrl}</code></p>
            </li>
            <li><p>${msg("mfaPushEnrollStep3")}</p></li>
        </ol>
        <form id="mfa-push-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="mfa-push-enroll-continue" name="continue" label="mfaPushEnrollContinue" />
            </@buttons.actionGroup>
        </form>
        <@wait.script statusUrl=mfaPush.statusUrl formId="mfa-push-enroll-form"/>
    </#if>
</@layout.registrationLayout>

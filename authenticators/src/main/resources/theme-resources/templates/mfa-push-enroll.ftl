<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "buttons.ftl" as buttons>
<#import "mfa-push-wait.ftl" as wait>
<@layout.registrationLayout; section>
<!-- template: mfa-push-enroll.ftl -->
    <#if section="header">
        ${msg("mfaPushEnrollTitle")}
    <#elseif section="form">
        <ol id="mfa-push-enroll-steps" class="pf-v5-c-list pf-v5-u-mb-md">
            <#if mfaPushApp.referenceDevice>
                <#-- no app set up on the step: the reference device (device-cli) is the one that works, as in the demo -->
                <li id="mfa-push-enroll-get-app">
                    <p>${msg("mfaPushEnrollReferenceStep1")}</p>
                    <pre id="mfa-push-enroll-command" class="mfa-push-command"><code>${mfaPushApp.command} enroll '<span id="mfa-push-enroll-url">${mfaPush.enrollUrl}</span>'</code></pre>
                </li>
                <li>
                    <p>${msg("mfaPushEnrollReferenceQr")}</p>
                    <img id="mfa-push-qr" class="pf-v5-u-display-block pf-v5-u-mx-auto" src="data:image/png;base64,${mfaPush.qrCode}" alt="${msg("mfaPushQrAlt")}" width="246" height="246"/>
                </li>
            <#else>
                <li id="mfa-push-enroll-get-app">
                    <p>${msg("mfaPushEnrollStep1", mfaPushApp.name?has_content?then(mfaPushApp.name, msg("mfaPushAppDefaultName")))}</p>
                    <#if mfaPushApp.appStoreUrl?has_content || mfaPushApp.googlePlayUrl?has_content>
                        <p id="mfa-push-app-links">
                            <#if mfaPushApp.appStoreUrl?has_content>
                                <a id="mfa-push-app-store" class="pf-v5-c-button pf-v5-m-link pf-v5-m-inline" href="${mfaPushApp.appStoreUrl}" target="_blank" rel="noopener noreferrer">${msg("mfaPushAppStore")}</a>
                            </#if>
                            <#if mfaPushApp.googlePlayUrl?has_content>
                                <a id="mfa-push-google-play" class="pf-v5-c-button pf-v5-m-link pf-v5-m-inline" href="${mfaPushApp.googlePlayUrl}" target="_blank" rel="noopener noreferrer">${msg("mfaPushGooglePlay")}</a>
                            </#if>
                        </p>
                    </#if>
                </li>
                <li>
                    <p>${msg("mfaPushEnrollStep2")}</p>
                    <img id="mfa-push-qr" class="pf-v5-u-display-block pf-v5-u-mx-auto" src="data:image/png;base64,${mfaPush.qrCode}" alt="${msg("mfaPushQrAlt")}" width="246" height="246"/>
                    <p class="pf-v5-u-font-size-sm">${msg("mfaPushEnrollManual")}</p>
                    <p><code id="mfa-push-enroll-url" class="pf-v5-u-font-size-sm">${mfaPush.enrollUrl}</code></p>
                </li>
            </#if>
            <li><p>${msg("mfaPushEnrollStep3")}</p></li>
        </ol>
        <form id="mfa-push-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="mfa-push-enroll-continue" name="continue" label="mfaPushEnrollContinue" />
                <@choice.postpone/>
            </@buttons.actionGroup>
            <@choice.postponeInfo/>
        </form>
        <@wait.script statusUrl=mfaPush.statusUrl formId="mfa-push-enroll-form"/>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

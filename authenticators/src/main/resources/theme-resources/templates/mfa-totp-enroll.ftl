<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp','userLabel'); section>
<!-- template: mfa-totp-enroll.ftl -->
    <#if section="header">
        ${msg("mfaTotpEnrollTitle")}
    <#elseif section="form">
        <ol id="mfa-totp-enroll-steps" class="pf-v5-c-list pf-v5-u-mb-md">
            <li><p>${msg("mfaTotpEnrollStep1")}</p></li>
            <li>
                <p>${msg("mfaTotpEnrollStep2")}</p>
                <img id="mfa-totp-qr" class="pf-v5-u-display-block pf-v5-u-mx-auto" src="data:image/png;base64,${mfaTotp.qrCode}" alt="${msg("mfaTotpQrAlt")}" width="246" height="246"/>
                <p>${msg("mfaTotpEnrollManual")}</p>
                <p><code id="mfa-totp-secret">${mfaTotp.secretEncoded}</code></p>
                <p id="mfa-totp-settings" class="pf-v5-u-font-size-sm">${msg("mfaTotpEnrollSettings", mfaTotp.type?upper_case, mfaTotp.algorithm, mfaTotp.digits?c, mfaTotp.period?c)}</p>
            </li>
            <li><p>${msg("mfaTotpEnrollStep3")}</p></li>
        </ol>
        <form id="mfa-totp-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="otp" label=msg("mfaTotpCodeLabel") autocomplete="one-time-code" />
            <@field.input name="userLabel" label=msg("mfaTotpDeviceLabel") />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-totp-enroll-submit" name="login" label="mfaTotpEnrollSubmit" />
                <@choice.postpone/>
            </@buttons.actionGroup>
            <@choice.postponeInfo/>
        </form>
        <#-- Focus the code field without scrolling to it: the autofocus attribute scrolls the page down to the field,
             which hides the title and step 1 (install an app) on a laptop screen. Typing still goes into the field. -->
        <script>document.getElementById("otp").focus({preventScroll: true});</script>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

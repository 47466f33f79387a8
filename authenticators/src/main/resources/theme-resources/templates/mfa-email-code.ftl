<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: mfa-email-code.ftl -->
    <#if section="header">
        ${msg("mfaEmailTitle")}
    <#elseif section="form">
        <p id="mfa-email-instruction" class="pf-v5-u-mb-md"><#if mfaEmailCodeSent>${msg("mfaEmailInstruction", mfaEmail)}<#elseif mfaEmailResendWait gt 0>${msg("mfaEmailNotSentForThisLogin", mfaEmail, msg("mfaSeconds", mfaEmailCooldown))}<#else>${msg("mfaEmailNotSentYet")}</#if></p>
        <form id="mfa-email-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="code" label=msg("mfaEmailCodeLabel") autocomplete="one-time-code" autofocus=true />
            <@remember.checkbox/>
            <@buttons.actionGroup>
                <@buttons.button id="mfa-email-submit" name="login" label="mfaVerify" />
            </@buttons.actionGroup>
        </form>
    <#elseif section="info">
        <#-- The wait is said as text, so that without a script the page still tells it, and a press too early says it
             again (with a script too: the server's clock decides, not the browser's); the script counts it down, in
             the page's language through the browser's own plural forms. -->
        <#if mfaEmailResendWait gt 0>
            <p id="mfa-email-wait" data-seconds="${mfaEmailResendWait?c}" data-text="${msg("mfaEmailResendIn", "{seconds}")}" data-now="${msg("mfaEmailResendNow")}">${msg("mfaEmailResendIn", msg("mfaSeconds", mfaEmailResendWait))}</p>
        </#if>
        <form id="mfa-email-resend-form" action="${url.loginAction}" method="post">
            <button type="submit" id="mfa-email-resend" name="resend" value="true" class="pf-v5-c-button pf-m-link pf-m-inline">${msg("mfaEmailResend")}</button>
        </form>
        <#if mfaEmailResendWait gt 0>
        <script>
            (function () {
                var wait = document.getElementById("mfa-email-wait");
                var end = Date.now() + 1000 * Number(wait.getAttribute("data-seconds"));
                var unit = null;
                try {
                    unit = new Intl.NumberFormat(document.documentElement.lang || undefined,
                        { style: "unit", unit: "second", unitDisplay: "long" });
                    unit = /^[\d\s]*$/.test(unit.format(2)) ? null : unit; // "2" alone: no unit names here
                } catch (e) {
                    // a browser without unit formats keeps the server's text until the wait is over
                }
                function tick() {
                    var left = Math.ceil((end - Date.now()) / 1000);
                    if (left <= 0) {
                        wait.textContent = wait.getAttribute("data-now");
                        return;
                    }
                    if (unit) {
                        wait.textContent = wait.getAttribute("data-text").replace("{seconds}", unit.format(left));
                    }
                    setTimeout(tick, (end - Date.now()) % 1000 + 20); // just after the next whole second
                }
                tick();
            })();
        </script>
        </#if>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

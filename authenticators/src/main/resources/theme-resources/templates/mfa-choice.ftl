<#-- What every MFA page shares, filled in by the step "MFA - second factor": the offer of another method and, on an
     enrollment page, "Not now" while the policy's enrollment grace lasts. -->
<#import "buttons.ftl" as buttons>
<#macro postpone>
    <#if mfaPostponeUntil??>
        <@buttons.button id="mfa-postpone" name="postpone" label="mfaEnrollmentPostpone" type="secondary" />
    </#if>
</#macro>
<#macro postponeInfo>
    <#if mfaPostponeUntil??>
        <p id="mfa-postpone-info" class="pf-v5-u-font-size-sm">${msg("mfaEnrollmentPostponeInfo", mfaPostponeUntil?date)}</p>
    </#if>
</#macro>
<#macro tryAnotherWay>
    <#if mfaOtherMethods??>
        <form id="mfa-try-another-way-form" action="${url.loginAction}" method="post">
            <input type="hidden" name="mfaTryAnotherWay" value="on"/>
            <button type="submit" id="mfa-try-another-way" class="pf-v5-c-button pf-m-link pf-m-inline">${msg("doTryAnotherWay")}</button>
        </form>
    </#if>
</#macro>

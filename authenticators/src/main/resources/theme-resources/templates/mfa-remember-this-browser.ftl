<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: mfa-remember-this-browser.ftl -->
    <#if section="header">
        ${msg("mfaRememberTitle")}
    <#elseif section="form">
        <p id="mfa-remember-question" class="pf-v5-u-mb-md">${msg("mfaRememberQuestion")}</p>
        <form id="mfa-remember-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="mfa-remember-yes" name="mfaRemember" value="yes" label="mfaRememberYes" />
                <@buttons.button id="mfa-remember-no" name="mfaRemember" value="no" label="mfaRememberNo" type="secondary" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "buttons.ftl" as buttons>
<#-- Setting up a security key or passkey inside the login: what it means, then Keycloak's own registration page. -->
<@layout.registrationLayout; section>
<!-- template: mfa-webauthn-enroll.ftl -->
    <#if section="header">
        ${msg("mfaWebAuthnEnrollTitle." + mfaWebAuthnMethod)}
    <#elseif section="form">
        <p id="mfa-webauthn-enroll-instruction" class="pf-v5-u-mb-md">${msg("mfaWebAuthnEnrollInstruction." + mfaWebAuthnMethod)}</p>
        <form id="mfa-webauthn-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="mfa-webauthn-set-up" name="mfaWebAuthnSetUp" label="mfaWebAuthnSetUp" />
                <@choice.postpone/>
            </@buttons.actionGroup>
            <@choice.postponeInfo/>
        </form>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "mfa-choice.ftl" as choice>
<#import "buttons.ftl" as buttons>
<#import "mfa-remember-device.ftl" as remember>
<#-- A security key or passkey as second factor: Keycloak's WebAuthn request (challenge, the user's keys) and Keycloak's
     script, which signs with the key and posts the hidden form "webauth"; the bundle's shared parts around them. -->
<@layout.registrationLayout; section>
<!-- template: mfa-webauthn.ftl -->
    <#if section="header">
        ${msg("mfaWebAuthnTitle." + mfaWebAuthnMethod)}
    <#elseif section="form">
        <p id="mfa-webauthn-instruction" class="pf-v5-u-mb-md">${msg("mfaWebAuthnInstruction." + mfaWebAuthnMethod)}</p>
        <div id="kc-form-webauthn" class="${properties.kcFormClass!}">
            <form id="webauth" action="${url.loginAction}" method="post" hidden="hidden">
                <input type="hidden" id="clientDataJSON" name="clientDataJSON"/>
                <input type="hidden" id="authenticatorData" name="authenticatorData"/>
                <input type="hidden" id="signature" name="signature"/>
                <input type="hidden" id="credentialId" name="credentialId"/>
                <input type="hidden" id="userHandle" name="userHandle"/>
                <input type="hidden" id="error" name="error"/>
            </form>
            <#if authenticators??>
                <form id="authn_select" hidden="hidden">
                    <#list authenticators.authenticators as authenticator>
                        <input type="hidden" name="authn_use_chk" value="${authenticator.credentialId}"/>
                    </#list>
                </form>
                <#if shouldDisplayAuthenticators?? && shouldDisplayAuthenticators>
                    <ul id="mfa-webauthn-keys" class="pf-v5-c-list pf-m-plain pf-v5-u-mb-md">
                        <#list authenticators.authenticators as authenticator>
                            <li id="mfa-webauthn-key-${authenticator?index}">${authenticator.label}
                                <span class="pf-v5-u-font-size-sm">· ${msg('webauthn-createdAt-label')} ${authenticator.createdAt}</span></li>
                        </#list>
                    </ul>
                </#if>
            </#if>
            <@remember.checkbox form="webauth"/>
            <@buttons.actionGroup>
                <@buttons.button id="authenticateWebAuthnButton" label="mfaWebAuthnUse." + mfaWebAuthnMethod autofocus="autofocus"/>
            </@buttons.actionGroup>
        </div>
        <script type="module">
            <#outputformat "JavaScript">
            import { authenticateByWebAuthn } from "${url.resourcesPath}/js/webauthnAuthenticate.js";
            document.getElementById('authenticateWebAuthnButton').addEventListener("click", function () {
                authenticateByWebAuthn({
                    isUserIdentified : ${isUserIdentified},
                    challenge : ${challenge?c},
                    userVerification : ${userVerification?c},
                    rpId : ${rpId?c},
                    createTimeout : ${createTimeout?c},
                    errmsg : ${msg("webauthn-unsupported-browser-text")?c}
                });
            });
            </#outputformat>
        </script>
        <@choice.tryAnotherWay/>
    </#if>
</@layout.registrationLayout>

<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: mfa-recovery-codes-offer.ftl -->
    <#if section="header">
        ${msg("mfaRecoveryOfferTitle")}
    <#elseif section="form">
        <p id="mfa-recovery-offer-text" class="pf-v5-u-mb-md">${msg("mfaRecoveryOfferText")}</p>
        <form id="mfa-recovery-offer-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="mfa-recovery-offer-setup" name="mfaRecoveryCodes" value="setup" label="mfaRecoveryOfferSetUp" />
                <@buttons.button id="mfa-recovery-offer-later" name="mfaRecoveryCodes" value="later" label="mfaRecoveryOfferLater" type="secondary" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>

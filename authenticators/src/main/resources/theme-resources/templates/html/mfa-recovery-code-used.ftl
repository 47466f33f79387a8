<#import "template.ftl" as layout>
<#-- every value here is auto-escaped text: the app's name is an admin's free text and must never become markup -->
<@layout.emailLayout>
<p id="mfa-recovery-used">${msg("mfaRecoveryCodeUsedBody", appName, usedAt)}</p>
<p>${msg("mfaRecoveryCodeUsedFrom", ipAddress, msg(deviceMessage, deviceBrowser, deviceOs))}</p>
<p id="mfa-recovery-left">${msg("mfaRecoveryCodesLeft", codesLeft)}</p>
<p>${msg("mfaRecoveryCodeUsedNotYou")}</p>
</@layout.emailLayout>

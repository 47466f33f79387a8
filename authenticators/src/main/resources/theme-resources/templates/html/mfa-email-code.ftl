<#import "template.ftl" as layout>
<#-- every value here is auto-escaped text: the app's name is an admin's free text and must never become markup -->
<@layout.emailLayout>
<p>${msg("mfaEmailCodeBody", appName, ttlMinutes)}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 6px;" id="mfa-code">${code}</p>
<#if link??>
<p><a href="${link}" id="mfa-link">${msg("mfaEmailLinkText")}</a></p>
<p>${msg("mfaEmailLinkSameBrowser")}</p>
</#if>
<p>${msg("mfaEmailCodeRequestedFrom", ipAddress, msg(deviceMessage, deviceBrowser, deviceOs))}</p>
<p>${msg("mfaEmailCodeNotYou")}</p>
</@layout.emailLayout>

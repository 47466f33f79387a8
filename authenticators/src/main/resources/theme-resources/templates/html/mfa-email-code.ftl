<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${kcSanitize(msg("mfaEmailCodeBodyHtml", appName, ttlMinutes))?no_esc}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 6px;" id="mfa-code">${code}</p>
<#if link??>
<p><a href="${link}" id="mfa-link">${msg("mfaEmailLinkText")}</a></p>
<p>${msg("mfaEmailLinkSameBrowser")}</p>
</#if>
<p>${msg("mfaEmailCodeRequestedFrom", ipAddress, browser)}</p>
<p>${msg("mfaEmailCodeNotYou")}</p>
</@layout.emailLayout>

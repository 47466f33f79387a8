<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${kcSanitize(msg("mfaEmailCodeBodyHtml", appName, ttlMinutes))?no_esc}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 6px;" id="mfa-code">${code}</p>
<p>${msg("mfaEmailCodeRequestedFrom", ipAddress, browser)}</p>
<p>${msg("mfaEmailCodeNotYou")}</p>
</@layout.emailLayout>

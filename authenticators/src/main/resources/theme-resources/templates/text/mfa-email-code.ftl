<#ftl output_format="plainText">
${msg("mfaEmailCodeBody", appName, ttlMinutes)}

    ${code}

<#if link??>
${msg("mfaEmailLinkText")}: ${link}
${msg("mfaEmailLinkSameBrowser")}

</#if>
${msg("mfaEmailCodeRequestedFrom", ipAddress, msg(deviceMessage, deviceBrowser, deviceOs))}
${msg("mfaEmailCodeNotYou")}

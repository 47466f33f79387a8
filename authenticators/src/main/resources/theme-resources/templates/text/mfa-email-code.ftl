<#ftl output_format="plainText">
${msg("mfaEmailCodeBody", appName, ttlMinutes)}

    ${code}

${msg("mfaEmailCodeRequestedFrom", ipAddress, browser)}
${msg("mfaEmailCodeNotYou")}

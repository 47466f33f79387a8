<#ftl output_format="plainText">
${msg("mfaRecoveryCodeUsedBody", appName, usedAt)}

${msg("mfaRecoveryCodeUsedFrom", ipAddress, msg(deviceMessage, deviceBrowser, deviceOs))}
${msg("mfaRecoveryCodesLeft", codesLeft)}

${msg("mfaRecoveryCodeUsedNotYou")}

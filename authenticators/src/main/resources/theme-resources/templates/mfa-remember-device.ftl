<#-- "Remember this device" box of the MFA pages, shown when the user's policy allows remembering. form: the id of the
     form it belongs to, when it stands outside it (the WebAuthn page posts a hidden form). -->
<#macro checkbox form="">
    <#if mfaRememberDevice??>
        <div class="${properties.kcFormGroupClass!}">
            <div class="${properties.kcCheckboxClass!}">
                <input type="hidden" name="rememberDeviceOffered" value="on"<#if form?has_content> form="${form}"</#if>/>
                <input type="checkbox" id="rememberDevice" name="rememberDevice" class="${properties.kcCheckboxInputClass!}"<#if form?has_content> form="${form}"</#if>/>
                <label for="rememberDevice" class="${properties.kcCheckboxLabelClass!}">${msg("mfaRememberDevice")}</label>
            </div>
        </div>
    </#if>
</#macro>

<#-- "Remember this device" box of the MFA pages, shown when the user's policy allows remembering. -->
<#macro checkbox>
    <#if mfaRememberDevice??>
        <div class="${properties.kcFormGroupClass!}">
            <div class="${properties.kcCheckboxClass!}">
                <input type="hidden" name="rememberDeviceOffered" value="on"/>
                <input type="checkbox" id="rememberDevice" name="rememberDevice" class="${properties.kcCheckboxInputClass!}"/>
                <label for="rememberDevice" class="${properties.kcCheckboxLabelClass!}">${msg("mfaRememberDevice")}</label>
            </div>
        </div>
    </#if>
</#macro>

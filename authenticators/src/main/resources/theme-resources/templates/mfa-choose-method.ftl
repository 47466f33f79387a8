<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
<!-- template: mfa-choose-method.ftl -->
    <#if section="header">
        <#if mfaEnrolling>${msg("mfaChooseEnrollment")}<#else>${msg("loginChooseAuthenticator")}</#if>
    <#elseif section="form">
        <form id="mfa-choose-method-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <ul class="pf-v5-c-data-list" role="list">
                <#list mfaMethods as method>
                    <li class="pf-v5-c-data-list__item">
                        <button type="submit" id="mfa-method-${method}" name="mfaMethod" value="${method}"
                                class="pf-v5-c-button pf-m-plain pf-v5-u-text-align-left pf-v5-u-w-100 pf-v5-u-p-md">
                            <span class="pf-v5-u-font-weight-bold">${msg("mfaMethod." + method)}</span><br/>
                            <span class="pf-v5-u-font-size-sm">${msg("mfaMethodHelp." + method)}</span>
                        </button>
                    </li>
                </#list>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>

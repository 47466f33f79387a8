<#-- The resend button of a page that asks for a sent code (email, SMS, voice), with how long the user waits before
     it sends again. "id" prefixes the elements' ids; "messages" prefixes the keys <messages>ResendIn, <messages>ResendNow
     and <messages>Resend. -->
<#macro resend id messages wait>
        <#-- The wait is said as text, so that without a script the page still tells it, and a press too early says it
             again (with a script too: the server's clock decides, not the browser's); the script counts it down, in
             the page's language through the browser's own plural forms. -->
        <#if wait gt 0>
            <p id="${id}-wait" data-seconds="${wait?c}" data-text="${msg(messages + "ResendIn", "{seconds}")}" data-now="${msg(messages + "ResendNow")}">${msg(messages + "ResendIn", msg("mfaSeconds", wait))}</p>
        </#if>
        <form id="${id}-resend-form" action="${url.loginAction}" method="post">
            <button type="submit" id="${id}-resend" name="resend" value="true" class="pf-v5-c-button pf-m-link pf-m-inline">${msg(messages + "Resend")}</button>
        </form>
        <#if wait gt 0>
        <script>
            (function () {
                var wait = document.getElementById("${id}-wait");
                var end = Date.now() + 1000 * Number(wait.getAttribute("data-seconds"));
                var unit = null;
                try {
                    unit = new Intl.NumberFormat(document.documentElement.lang || undefined,
                        { style: "unit", unit: "second", unitDisplay: "long" });
                    unit = /^[\d\s]*$/.test(unit.format(2)) ? null : unit; // "2" alone: no unit names here
                } catch (e) {
                    // a browser without unit formats keeps the server's text until the wait is over
                }
                function tick() {
                    var left = Math.ceil((end - Date.now()) / 1000);
                    if (left <= 0) {
                        wait.textContent = wait.getAttribute("data-now");
                        return;
                    }
                    if (unit) {
                        wait.textContent = wait.getAttribute("data-text").replace("{seconds}", unit.format(left));
                    }
                    setTimeout(tick, (end - Date.now()) % 1000 + 20); // just after the next whole second
                }
                tick();
            })();
        </script>
        </#if>
</#macro>

<#-- Long-poll: asks Keycloak whether the phone has answered (or enrolled) and submits the form as soon as it has
     (or the QR code has ended). A refusal to wait (429: this address already waits on a few) is retried later.
     XMLHttpRequest rather than fetch: every browser has it, and so do the headless browsers used in tests. -->
<#macro script statusUrl formId>
    <script>
        (function () {
            var url = "${statusUrl?js_string?no_esc}?wait=55";
            function poll() {
                var request = new XMLHttpRequest();
                request.open("GET", url);
                request.onload = function () {
                    var status = request.status === 200 ? JSON.parse(request.responseText).status : null;
                    if (status === "pending") {
                        poll();
                    } else if (status) {
                        document.getElementById("${formId}").submit();
                    } else if (request.status !== 404) {
                        setTimeout(poll, 3000);
                    }
                    // 404: nothing of this browser's to wait for (any more); the page's button still works
                };
                request.onerror = function () { setTimeout(poll, 3000); };
                request.send();
            }
            poll();
        })();
    </script>
</#macro>

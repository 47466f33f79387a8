package dev.kcmfa.phone.gateway;

/** A gateway's HTTP answer, as far as gateways read it: the status, the body, and a Retry-After header or null. */
public record GatewayAnswer(int status, String body, String retryAfter) {

    public boolean serverError() {
        return status >= 500;
    }

    public boolean rateLimited() {
        return status == 429;
    }

    /** "HTTP 429, retry after 30 s" or "HTTP 429": what an admin reads about a refusal for too many sends. */
    public String rateLimitText() {
        String seconds = retryAfter == null ? "" : retryAfter.trim();
        return seconds.isEmpty() ? "HTTP 429" : "HTTP 429, retry after " + (seconds.matches("\\d{1,9}")
                ? seconds + " s" : seconds.replaceAll("[^\\w ,:+-]", ""));
    }
}

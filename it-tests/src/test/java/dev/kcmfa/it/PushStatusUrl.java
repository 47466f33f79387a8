package dev.kcmfa.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status URL of a push page, which the page's script long-polls, and the wait the script asks for there
 * ({@code var url = ".../status?wait=55"}): read off the page, so that a test asks as the page does, whatever that
 * wait is.
 */
record PushStatusUrl(String url, int waitSeconds) {

    private static final Pattern ON_THE_PAGE = Pattern.compile("var url = \"([^\"]+)\\?wait=(\\d+)\"");

    /** The status URL of the push page {@code page}; fails when it is no push page. */
    static PushStatusUrl of(String page) {
        Matcher matcher = ON_THE_PAGE.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("not a push page: " + page.substring(0, Math.min(page.length(), 300)));
        }
        return new PushStatusUrl(matcher.group(1).replace("&amp;", "&"), Integer.parseInt(matcher.group(2)));
    }

    /** The page's own request: waiting as long as the page asks. */
    String longPoll() {
        return waiting(waitSeconds);
    }

    /** The status request with another wait (0: answer at once). */
    String waiting(int seconds) {
        return url + "?wait=" + seconds;
    }
}

package dev.kcmfa.email;

import dev.kcmfa.core.NeedsBrowserStep;

/**
 * Email codes in a token request (password grant): a token request has one round trip, and the code would arrive
 * only after it, so this step tells the tool that this user's factor needs a browser.
 */
public class EmailDirectGrantAuthenticator extends NeedsBrowserStep {

    public EmailDirectGrantAuthenticator() {
        super(EmailMethod.EMAIL, "This account's second factor is a code sent by email, which cannot be used with "
                + "the password grant: sign in through the browser.");
    }
}

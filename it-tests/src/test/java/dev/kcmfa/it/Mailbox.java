package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.keycloak.testframework.mail.MailServer;

/** The user's inbox on the test SMTP server (GreenMail), as the user would read it. */
final class Mailbox {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{4,10})\\s*$");
    /** Keycloak's action-token links: a password reset's, an account link's. */
    private static final Pattern ACTION_LINK = Pattern.compile("(https?://\\S+/login-actions/action-token\\?\\S+)");

    private final MailServer mail;

    Mailbox(MailServer mail) {
        this.mail = mail;
    }

    int count() {
        return mail.getReceivedMessages().length;
    }

    /** Waits for the {@code n}-th mail of the test and returns it. */
    MimeMessage nth(int n) {
        assertTrue(mail.waitForIncomingEmail(n), "mail number " + n + " arrived");
        return mail.getReceivedMessages()[n - 1];
    }

    /** The code on a line of its own in the plain-text part. */
    static String codeIn(MimeMessage message) throws Exception {
        String text = plainText(message);
        Matcher code = CODE.matcher(text);
        assertTrue(code.find(), "the mail holds a code: " + text);
        return code.group(1);
    }

    /** Keycloak's action-token link in the plain-text part. */
    static String actionLinkIn(MimeMessage message) throws Exception {
        String text = plainText(message);
        Matcher link = ACTION_LINK.matcher(text);
        assertTrue(link.find(), "the mail holds a link: " + text);
        return link.group(1);
    }

    static String plainText(MimeMessage message) throws Exception {
        return part(message, "text/plain");
    }

    /** The HTML part's source, as a mail client receives it. */
    static String html(MimeMessage message) throws Exception {
        return part(message, "text/html");
    }

    private static String part(MimeMessage message, String mimeType) throws Exception {
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType(mimeType)) {
                    return multipart.getBodyPart(i).getContent().toString();
                }
            }
        }
        return content.toString();
    }
}

package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/** The second-factor pages and mails speak the user's language; MessageBundlesTest checks every bundle's texts. */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class LanguagesTest extends DemoRealmBrowserTest {

    @InjectMailServer
    MailServer mail;

    @Test
    void aUserWhoseLanguageIsJapaneseGetsTheCodePageAndTheCodeMailInJapanese() throws Exception {
        String username = DemoRealm.createUser(realm, "nihongo", DemoRealm.CONTRACTORS);
        UserRepresentation user = realm.admin().users().get(DemoRealm.userId(realm, username)).toRepresentation();
        user.singleAttribute("locale", "ja");
        realm.admin().users().get(user.getId()).update(user);
        Mailbox mailbox = new Mailbox(mail);
        int before = mailbox.count();
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username, "en");

        assertTrue(browser.showsEmailCodeForm());
        assertTrue(browser.pageText().contains("メールを確認してください"),
                "the user's own language, not the one the login asked for: " + browser.pageText());
        assertTrue(browser.pageText().contains("ni***@example.org にサインインコードを送信しました。"), browser.pageText());
        MimeMessage message = mailbox.nth(before + 1);
        assertEquals("test-app のサインインコード", message.getSubject());
        String text = Mailbox.plainText(message);
        assertTrue(text.contains("test-app へのサインインを完了するには、このコードを使用してください。有効期限は 5 分です。"), text);
        assertTrue(text.contains("心当たりがない場合は、コードを誰にも教えず、パスワードを変更してください。"), text);
    }
}

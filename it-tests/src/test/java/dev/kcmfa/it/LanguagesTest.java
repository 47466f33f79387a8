package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.kcmfa.devicecli.PushDevice;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/** The second-factor pages and mails speak the user's language; MessageBundlesTest checks every bundle's texts. */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class LanguagesTest extends DemoRealmBrowserTest {

    private static final String FIREFOX_ON_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0";

    @InjectMailServer
    MailServer mail;

    @Test
    void aUserWhoseLanguageIsJapaneseGetsTheCodePageAndTheCodeMailInJapanese() throws Exception {
        String username = japaneseUser("nihongo", DemoRealm.CONTRACTORS);
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

    @Test
    void thePhoneGetsNamesToWordInItsOwnLanguageAndKeycloaksOwnClientsByTheirNameNotTheirMessageKey()
            throws Exception {
        String username = japaneseUser("denwa", DemoRealm.MOBILE);
        PushDevice phone = new LoginBrowser(driver, oauth, realm).enrollPhone(username, "phone", "");
        ClientRepresentation app = realm.admin().clients().findByClientId("test-app").get(0);
        String originalName = app.getName();
        app.setName("${client_account-console}"); // how Keycloak names its own clients
        realm.admin().clients().get(app.getId()).update(app);
        try {
            CompletableFuture<HttpResponse<String>> grant =
                    PasswordGrant.start(realm, "127.0.0.1", username, FIREFOX_ON_WINDOWS);
            PushDevice.Challenge request = PasswordGrant.awaitPending(phone, grant);

            assertEquals("アカウントコンソール", request.app(), "Keycloak's own name, in the user's language");
            assertEquals("Firefox", request.browser());
            assertEquals("Windows", request.os());
            assertEquals("Firefox on Windows", request.userAgent(), "the English label stays for apps that show it");
            assertEquals(200, phone.approve(request, PasswordGrant.PUSH_NUMBER).status());
            assertEquals(200, grant.get(20, TimeUnit.SECONDS).statusCode());
        } finally {
            app.setName(originalName == null ? "" : originalName); // a null name would leave the key in place
            realm.admin().clients().get(app.getId()).update(app);
        }
    }

    @Test
    void theUpdateYourAccountMailNamesThePhoneSetUpInTheUsersLanguage() throws Exception {
        String username = japaneseUser("koushin", DemoRealm.MOBILE);
        String userId = DemoRealm.askToSetUpAPhone(realm, username);
        Mailbox mailbox = new Mailbox(mail);
        int before = mailbox.count();

        realm.admin().users().get(userId).executeActionsEmail(List.of("mfa-push-enroll"));

        String text = Mailbox.plainText(mailbox.nth(before + 1));
        assertTrue(text.contains("次のアクションを実行することにより、管理者よりあなたの"), "Keycloak's mail, in Japanese: " + text);
        assertTrue(text.contains(": プッシュ承認のセットアップ。"), "the action by its name, not its key: " + text);
    }

    private String japaneseUser(String prefix, String group) {
        String username = DemoRealm.createUser(realm, prefix, group);
        UserRepresentation user = realm.admin().users().get(DemoRealm.userId(realm, username)).toRepresentation();
        user.singleAttribute("locale", "ja");
        realm.admin().users().get(user.getId()).update(user);
        return username;
    }
}

package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/**
 * A user federated from LDAP (a real LDAP server, UnboundID's in-memory directory, on loopback) gets email codes:
 * the address comes from the directory, trusted as verified, and a domain policy selects the method.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class LdapEmailCodeTest extends DemoRealmBrowserTest {

    private static final int LDAP_PORT = 10389;
    private static final String BASE_DN = "dc=example,dc=org";

    @InjectMailServer
    MailServer mail;

    InMemoryDirectoryServer ldap;

    @BeforeEach
    void startDirectoryWithOneUser() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.addAdditionalBindCredentials("cn=Directory Manager", "secret");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", LDAP_PORT));
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: example");
        ldap.add("dn: ou=People," + BASE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: People");
        ldap.add("dn: uid=lars,ou=People," + BASE_DN, "objectClass: top", "objectClass: person",
                "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: lars", "cn: Lars Ldap",
                "sn: Ldap", "givenName: Lars", "mail: lars@ldap.example.org", "userPassword: lars");
        ldap.startListening();
    }

    @AfterEach
    void stopDirectory() {
        ldap.shutDown(true);
    }

    @Test
    void anLdapUserSelectedByEmailDomainLogsInWithACodeMailedToTheDirectorysAddress() throws Exception {
        federateFromLdap();
        realm.updateWithCleanup(r -> r.attribute("mfa.policy.domain:ldap.example.org",
                "{\"enforcement\":\"required\",\"methods\":[\"email\"]}"));
        Mailbox mailbox = new Mailbox(mail);
        int before = mailbox.count();
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword("lars");

        assertTrue(browser.showsEmailCodeForm(), browser.pageText());
        MimeMessage message = mailbox.nth(before + 1);
        assertEquals("lars@ldap.example.org", message.getAllRecipients()[0].toString());
        browser.enterEmailCode(Mailbox.codeIn(message));
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    private void federateFromLdap() {
        ComponentRepresentation provider = new ComponentRepresentation();
        provider.setName("test-ldap");
        provider.setProviderId("ldap");
        provider.setProviderType("org.keycloak.storage.UserStorageProvider");
        provider.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("enabled", "true");
        config.putSingle("vendor", "other");
        config.putSingle("connectionUrl", "ldap://localhost:" + LDAP_PORT);
        config.putSingle("usersDn", "ou=People," + BASE_DN);
        config.putSingle("bindDn", "cn=Directory Manager");
        config.putSingle("bindCredential", "secret");
        config.putSingle("authType", "simple");
        config.putSingle("usernameLDAPAttribute", "uid");
        config.putSingle("rdnLDAPAttribute", "uid");
        config.putSingle("uuidLDAPAttribute", "entryUUID");
        config.putSingle("userObjectClasses", "inetOrgPerson, organizationalPerson");
        config.putSingle("editMode", "READ_ONLY");
        config.putSingle("searchScope", "1");
        config.putSingle("pagination", "false");
        config.putSingle("importEnabled", "true");
        config.putSingle("trustEmail", "true");
        provider.setConfig(config);
        try (Response response = realm.admin().components().add(provider)) {
            assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
        }
    }
}

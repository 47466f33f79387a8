package dev.kcmfa.phone;

import java.util.Optional;

import dev.kcmfa.core.CodeCheck;
import dev.kcmfa.core.CodeRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.models.KeycloakSession;

/**
 * Setting a number up, in the login or in the required action alike: the number typed ({@link PhoneEntry}), a code
 * sent to it, the code typed back; then the number is the user's. "Use another number" starts over, and a gateway
 * that does not take the code asks for the number again, saying so.
 */
final class PhoneSetup {

    private final CodeRequest request;
    private final KeycloakSession session;
    private final PhoneMethod method;
    private final PhoneSettings settings;

    PhoneSetup(CodeRequest request, KeycloakSession session, PhoneMethod method, PhoneSettings settings) {
        this.request = request;
        this.session = session;
        this.method = method;
        this.settings = settings;
    }

    /** The first visit: the code page of a number typed before, else the number page. Empty: a page is shown. */
    Optional<PhoneNumber> start() {
        Optional<PhoneNumber> proving = PhoneEntry.proving(request.authSession());
        if (proving.isPresent()) {
            return ended(proving.get(), check(proving.get()).start());
        }
        request.challenge(PhoneEntry.page(request.form(), method, settings, null));
        return Optional.empty();
    }

    /** A form came back: a number, "use another number", or a code. The number now bound, once proven. */
    Optional<PhoneNumber> answer() {
        MultivaluedMap<String, String> form = request.formParameters();
        Optional<PhoneNumber> proving = PhoneEntry.proving(request.authSession());
        if (form.containsKey(PhoneEntry.FIELD_NUMBER)) {
            try {
                PhoneNumber number = PhoneEntry.accept(request.authSession(), method, settings,
                        form.getFirst(PhoneEntry.FIELD_NUMBER));
                return ended(number, check(number).start());
            } catch (PhoneNumber.Invalid e) {
                request.challenge(PhoneEntry.page(request.form(), method, settings, e.messageKey()));
            }
        } else if (form.containsKey(PhoneEntry.FIELD_CHANGE) || proving.isEmpty()) {
            PhoneEntry.forget(request.authSession());
            request.challenge(PhoneEntry.page(request.form(), method, settings, null));
        } else {
            return ended(proving.get(), check(proving.get()).answer());
        }
        return Optional.empty();
    }

    private Optional<PhoneNumber> ended(PhoneNumber number, CodeCheck.Result result) {
        if (result == CodeCheck.Result.PASSED) {
            PhoneEntry.forget(request.authSession());
            if (!PhoneCredentialModel.holds(request.user(), number)) {
                request.user().credentialManager().createStoredCredential(PhoneCredentialModel.create(number));
            }
            return Optional.of(number);
        }
        if (result == CodeCheck.Result.NOT_SENT) {
            PhoneEntry.forget(request.authSession());
            request.challenge(PhoneEntry.page(request.form(), method, settings, codes(number).messages().sendFailed()));
        }
        return Optional.empty();
    }

    private CodeCheck check(PhoneNumber number) {
        return new CodeCheck(request, codes(number));
    }

    private PhoneCodes codes(PhoneNumber number) {
        return new PhoneCodes(session, request.user(), method, settings, number, true);
    }
}

package dev.kcmfa.devicecli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar kc-mfa-device.jar <command>}: a phone on the command line.
 *
 * <pre>
 *   enroll &lt;enrollment-url&gt; [--label NAME] [--fcm-token TOKEN]
 *   pending
 *   approve &lt;challenge-id&gt; &lt;number&gt;   (the number shown where you signed in: the browser or the tool)
 *   deny &lt;challenge-id&gt;
 *   fraud &lt;challenge-id&gt;
 * </pre>
 * The device's ids and private key live in {@code --store FILE}, by default in the user's configuration directory
 * ({@link DeviceStore#defaultLocation()}), readable by the owner only.
 */
public final class DeviceCli {

    private DeviceCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code (0 done, 1 refused by the server, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>(Arrays.asList(args));
        String store = option(words, "--store", "");
        Path state = store.isEmpty() ? DeviceStore.defaultLocation() : Path.of(store);
        String label = option(words, "--label", "CLI device");
        String fcmToken = option(words, "--fcm-token", "");
        Optional<String> unknown = words.stream().filter(w -> w.startsWith("--")).findFirst();
        try {
            // an option the CLI does not know (the old --state, a typo) must not leave the keys in another file
            switch (unknown.isPresent() || words.isEmpty() ? "" : words.get(0)) {
                case "enroll" -> {
                    PushDevice device = PushDevice.enroll(arg(words, 1), label, fcmToken);
                    device.save(state);
                    out.println("enrolled: user " + device.userId() + ", device " + device.credentialId()
                            + " (kept in " + state + ")");
                }
                case "pending" -> {
                    for (PushDevice.Challenge c : PushDevice.load(state).pending()) {
                        out.println(c.id() + "  " + c.app() + "  from " + c.ipAddress() + "  (" + c.userAgent() + ")"
                                + (c.numberRequired() ? "  - type the number shown where you signed in" : "")
                                + (c.bindingMessage() != null ? "  - approve only if " + c.app() + " shows you: "
                                        + c.bindingMessage() : ""));
                        warning(c).ifPresent(out::println);
                    }
                }
                case "approve", "deny", "fraud" -> {
                    return answer(PushDevice.load(state), words, out, err);
                }
                default -> {
                    unknown.ifPresent(option -> err.println("unknown option " + option));
                    err.println("usage: enroll <url> [--label L] [--fcm-token T] | pending | approve <id> <number> "
                            + "| deny <id> | fraud <id>   [--store FILE]");
                    err.println("The device's keys are kept in " + DeviceStore.defaultLocation()
                            + " unless --store names another file (created readable by you only).");
                    return 2;
                }
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int answer(PushDevice device, List<String> words, PrintStream out, PrintStream err)
            throws IOException {
        String id = arg(words, 1);
        PushDevice.Challenge challenge = device.pending().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pending request " + id));
        if ("approve".equals(words.get(0)) && challenge.numberRequired() && words.size() < 3) {
            err.println("this request needs the number shown where you signed in (the browser or the tool): "
                    + "approve " + id + " <number>");
            return 2;
        }
        warning(challenge).ifPresent(err::println);
        PushDevice.Reply reply = switch (words.get(0)) {
            case "approve" -> device.approve(challenge, challenge.numberRequired() ? words.get(2) : "");
            case "deny" -> device.deny(challenge);
            default -> device.reportFraud(challenge);
        };
        (reply.status() == 200 ? out : err).println(reply.status() + " " + reply.body());
        return reply.status() == 200 ? 0 : 1;
    }

    /** What a phone must show for a request it cannot match by number. */
    static Optional<String> warning(PushDevice.Challenge challenge) {
        return "no_number_matching".equals(challenge.warning())
                || !challenge.numberRequired() && challenge.bindingMessage() == null
                ? Optional.of("  WARNING: this request has no number to match. Approve it only if you started this "
                        + "sign-in yourself just now.")
                : Optional.empty();
    }

    private static String option(List<String> words, String name, String fallback) {
        int at = words.indexOf(name);
        if (at < 0 || at + 1 >= words.size()) {
            return fallback;
        }
        String value = words.get(at + 1);
        words.subList(at, at + 2).clear();
        return value;
    }

    private static String arg(List<String> words, int index) {
        if (index >= words.size()) {
            throw new IllegalArgumentException("missing argument " + index + " for " + words.get(0));
        }
        return words.get(index);
    }
}

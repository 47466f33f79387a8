package dev.kcmfa.it;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fake SMS and voice gateways delivered, in order, for tests to read: the next delivery, or the code in the
 * next one to a number. {@code numberOf} and {@code textOf} say where a delivery's number and text are.
 */
final class PhoneInbox<T> {

    /** ", " between two single digits: how a call spells a code out ("1, 2, 3"). */
    private static final Pattern SPOKEN_DIGITS = Pattern.compile("(?<=\\b\\d), (?=\\d\\b)");
    private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{4,10}(?!\\d)");

    private final BlockingQueue<T> delivered = new LinkedBlockingQueue<>();
    private final Function<T, String> numberOf;
    private final Function<T, String> textOf;

    PhoneInbox(Function<T, String> numberOf, Function<T, String> textOf) {
        this.numberOf = numberOf;
        this.textOf = textOf;
    }

    void add(T delivery) {
        delivered.add(delivery);
    }

    void clear() {
        delivered.clear();
    }

    /** The next delivery to any number, or null when none comes within the time-out. */
    T next(Duration timeout) throws InterruptedException {
        return delivered.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The code in the next delivery to this number; deliveries to other numbers are skipped. */
    String nextCodeTo(String number, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (T delivery = next(timeout); delivery != null;
                delivery = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            if (number.equals(numberOf.apply(delivery))) {
                String code = codeIn(textOf.apply(delivery));
                if (code == null) {
                    throw new AssertionError("no code in the text sent to " + number + ": " + textOf.apply(delivery));
                }
                return code;
            }
        }
        throw new AssertionError("nothing was sent to " + number + " within " + timeout);
    }

    /** The first run of 4 to 10 digits, once a spoken code's digits are joined; null when there is none. */
    static String codeIn(String text) {
        Matcher code = CODE.matcher(SPOKEN_DIGITS.matcher(text == null ? "" : text).replaceAll(""));
        return code.find() ? code.group() : null;
    }
}

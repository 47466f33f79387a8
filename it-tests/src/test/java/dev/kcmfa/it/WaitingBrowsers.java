package dev.kcmfa.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browsers on the push page, waiting for the phone: each holds its page's status request open (as long as the page
 * asks, {@code GET .../status?wait=55}) with its cookies and asks again when the server answers {@code pending}, as the page's script does, over one kept-alive
 * connection from a loopback address of its own (the server lets a client address wait on only a few requests).
 * Thousands of them run on one selector thread. A browser whose sign-in request expired signs in again through
 * {@link Renewal}, so that as many keep waiting; anything but a 200 with a status, or no answer in time, is an error.
 */
final class WaitingBrowsers implements AutoCloseable {

    /** A long-poll that has not answered this long after its wait is over counts as timed out. */
    private static final long GRACE_SECONDS = 10;
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length:\\s*(\\d+)");

    /** A browser showing a push page: whose it is, its status URL and its cookies. */
    record Browser(String username, PushStatusUrl statusUrl, String cookies) {
    }

    /** Signs a browser in again (a new push page) once its sign-in request has expired. */
    interface Renewal {
        Browser signInAgain(String username) throws Exception;
    }

    private final Renewal renewal;
    private final Selector selector;
    private final Queue<Poll> toConnect = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService renewals = Executors.newScheduledThreadPool(4);
    private final Thread loop;
    private final AtomicInteger nextSource = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder pendingAnswers = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final int browsersPerAddress;
    private volatile boolean open = true;

    /** Spreads the browsers over 127.1.0.0/16, {@code browsersPerAddress} on each address. */
    WaitingBrowsers(int browsersPerAddress, Renewal renewal) throws IOException {
        this.browsersPerAddress = browsersPerAddress;
        this.renewal = renewal;
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "waiting-browsers");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Starts a browser's long-poll. Its first request waits between 1 s and the page's wait, as if the browsers had
     * come to their push pages at evenly spread times: their asking again is then spread over the page's wait as
     * well, not bunched after the moment the benchmark put them there.
     */
    void add(Browser browser) {
        start(browser, 1 + ThreadLocalRandom.current().nextInt(browser.statusUrl().waitSeconds()));
    }

    private void start(Browser browser, int firstWait) {
        toConnect.add(new Poll(browser, source(), firstWait));
        selector.wakeup();
    }

    /** Browsers whose status request is open now (sent, not answered). */
    int waiting() {
        return waiting.get();
    }

    long pendingAnswers() {
        return pendingAnswers.sum();
    }

    long expired() {
        return expired.sum();
    }

    /** Errors by kind ("HTTP 503", "timeout", "reset: ..."), since the start. */
    Map<String, Long> errors() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Closes every browser's connection (their waits end on the server at their deadline). */
    @Override
    public void close() throws IOException, InterruptedException {
        open = false;
        selector.wakeup();
        loop.join(10_000);
        renewals.shutdownNow();
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    private InetAddress source() {
        int address = nextSource.getAndIncrement() / browsersPerAddress;
        byte[] bytes = {127, 1, (byte) (address / 250), (byte) (address % 250 + 1)};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        try {
            while (open) {
                selector.select(1000);
                for (Poll poll = toConnect.poll(); poll != null; poll = toConnect.poll()) {
                    poll.connect();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Poll) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (SelectionKey key : selector.keys()) {
                    ((Poll) key.attachment()).timeOutIfOverdue(now);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the selector failed", e);
        }
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** One browser's connection and the status request on it. */
    private final class Poll {
        private final Browser browser;
        private final URI url;
        private final InetAddress source;
        private SocketChannel channel;
        private ByteBuffer request;
        private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
        private final StringBuilder response = new StringBuilder();
        /** When the open request was sent, or 0 when none is open. */
        private long sentAt;
        /** When the open request counts as timed out. */
        private long timesOutAt;
        private int nextWait;

        Poll(Browser browser, InetAddress source, int firstWait) {
            this.browser = browser;
            this.url = URI.create(browser.statusUrl().url());
            this.source = source;
            this.nextWait = firstWait;
        }

        void connect() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.bind(new InetSocketAddress(source, 0));
                channel.connect(new InetSocketAddress("127.0.0.1", url.getPort()));
                channel.register(selector, SelectionKey.OP_CONNECT, this);
            } catch (IOException e) {
                failed("connect: " + e.getMessage());
            }
        }

        void ready(SelectionKey key) {
            try {
                if (key.isValid() && key.isConnectable()) {
                    channel.finishConnect();
                    send();
                }
                if (key.isValid() && key.isWritable()) {
                    write();
                }
                if (key.isValid() && key.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                failed("reset: " + e.getMessage());
            }
        }

        private void send() throws IOException {
            request = ByteBuffer.wrap(("GET " + url.getRawPath() + "?wait=" + nextWait + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + url.getPort() + "\r\nAccept: application/json\r\n"
                    + "Cookie: " + browser.cookies() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            response.setLength(0);
            sentAt = System.nanoTime();
            timesOutAt = sentAt + TimeUnit.SECONDS.toNanos(nextWait + GRACE_SECONDS);
            nextWait = browser.statusUrl().waitSeconds();
            waiting.incrementAndGet();
            write();
        }

        private void write() throws IOException {
            channel.write(request);
            channel.keyFor(selector).interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read() throws IOException {
            readBuffer.clear();
            int read = channel.read(readBuffer);
            if (read < 0) {
                failed(sentAt == 0 ? "closed between requests" : "closed without an answer");
                return;
            }
            response.append(new String(readBuffer.array(), 0, read, StandardCharsets.ISO_8859_1));
            HttpAnswer answer = HttpAnswer.parse(response);
            if (answer != null) {
                answered(answer);
            }
        }

        private void answered(HttpAnswer answer) throws IOException {
            endRequest();
            Matcher status = STATUS.matcher(answer.body());
            if (answer.status() == 404) {
                error("HTTP 404"); // the sign-in request is gone (it expired while this browser could not ask)
                close();
                renewals.execute(this::signInAgain);
            } else if (answer.status() != 200 || !status.find()) {
                error("HTTP " + answer.status());
                restartLater();
            } else if ("pending".equals(status.group(1))) {
                pendingAnswers.increment();
                if (answer.closes()) {
                    reconnect();
                } else {
                    send();
                }
            } else if ("expired".equals(status.group(1))) {
                expired.increment();
                close();
                renewals.execute(this::signInAgain);
            } else {
                error("answered " + status.group(1)); // nobody approves or denies these requests
                close();
            }
        }

        private void signInAgain() {
            try {
                add(renewal.signInAgain(browser.username()));
            } catch (Exception e) {
                error("signing in again: " + e.getMessage());
            }
        }

        void timeOutIfOverdue(long now) {
            if (sentAt != 0 && now - timesOutAt > 0) {
                failed("timeout");
            }
        }

        private void failed(String kind) {
            endRequest();
            error(kind);
            restartLater();
        }

        /** Asks again on a new connection in a few seconds, as the page's script does after a failed request. */
        private void restartLater() {
            close();
            renewals.schedule(() -> start(browser, browser.statusUrl().waitSeconds()), 3, TimeUnit.SECONDS);
        }

        private void reconnect() {
            close();
            start(browser, browser.statusUrl().waitSeconds());
        }

        private void endRequest() {
            if (sentAt != 0) {
                sentAt = 0;
                waiting.decrementAndGet();
            }
        }

        private void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing a connection that already failed
            }
        }
    }

    /** A complete HTTP/1.1 response read off a connection: status, body, whether the server closes after it. */
    private record HttpAnswer(int status, String body, boolean closes) {

        /** The response in {@code text} once it is complete (Content-Length or chunked), else null. */
        static HttpAnswer parse(CharSequence text) {
            String all = text.toString();
            int headersEnd = all.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                return null;
            }
            String headers = all.substring(0, headersEnd).toLowerCase();
            int status = Integer.parseInt(all.substring(9, 12));
            String rest = all.substring(headersEnd + 4);
            boolean closes = headers.contains("\r\nconnection: close");
            Matcher length = CONTENT_LENGTH.matcher(headers);
            if (length.find()) {
                int bytes = Integer.parseInt(length.group(1));
                return rest.length() < bytes ? null : new HttpAnswer(status, rest.substring(0, bytes), closes);
            }
            if (headers.contains("\r\ntransfer-encoding: chunked")) {
                return rest.endsWith("0\r\n\r\n") ? new HttpAnswer(status, rest, closes) : null;
            }
            return null;
        }
    }
}

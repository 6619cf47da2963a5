package io.hearth.plugins.notifier;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * A real HTTP server on 127.0.0.1 playing a notifier's target: it records every request and answers
 * with the status a test chooses (200 by default). It can stay down until {@link #start()} so that
 * a notifier finds the port closed first.
 */
public final class RecordingTarget implements AutoCloseable {

    /**
     * One request as received.
     *
     * @param method the HTTP method
     * @param path the request path with its query
     * @param contentType the {@code Content-Type} header
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param body the body as text
     * @param status the status answered
     */
    public record Request(String method, String path, String contentType, String authorization, String body, int status) {
    }

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntUnaryOperator statusForRequest = n -> 200;
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;

    private RecordingTarget(int port) {
        this.port = port;
    }

    /** A target already listening on a free port. */
    public static RecordingTarget started() throws IOException {
        RecordingTarget t = new RecordingTarget(freePort());
        t.start();
        return t;
    }

    /** A target on a free port that is not listening yet. */
    public static RecordingTarget down() throws IOException {
        return new RecordingTarget(freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts listening. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        s.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Duration d = delay;
            if (!d.isZero()) {
                try {
                    Thread.sleep(d);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = statusForRequest.applyAsInt(count.incrementAndGet());
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(body, StandardCharsets.UTF_8), status));
            byte[] answer = status / 100 == 2 ? new byte[0]
                    : ("{\"code\":" + status + ",\"message\":\"refused by the test target\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        s.setExecutor(Executors.newCachedThreadPool());
        s.start();
        server = s;
    }

    /** Answers the {@code n}-th request (from 1) with the status the function gives. */
    public void answer(IntUnaryOperator statusForRequest) {
        this.statusForRequest = statusForRequest;
    }

    /** Waits this long before answering each request. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** @return {@code http://127.0.0.1:<port>} plus the path */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** @return the requests so far, in arrival order */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /**
     * Waits until the recorded requests satisfy a condition.
     *
     * @throws AssertionError if they do not within the timeout
     */
    public List<Request> await(Predicate<List<Request>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Request> now = requests();
            if (condition.test(now)) {
                return now;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout + "; requests so far: " + now.size());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }
}

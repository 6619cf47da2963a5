package io.hearth.plugins.notifier;

import static io.hearth.plugins.notifier.AlertQueueTest.alerts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierStats;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every HTTP notifier promises through the spi's {@link Notifier}, against real sockets:
 * batching and counting, a queue that drops its oldest, retries with backoff while a target is
 * down or failing, no retry of refusals, per-delivery targets, every target getting every alert,
 * a bounded drain at close, and a {@code send} that never waits for the network. Each notifier
 * plugin runs it by extending this class.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class NotifierContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * @param properties the notifier's properties as the kernel passes them (prefix removed)
     * @return the notifier under test
     */
    protected abstract Notifier create(Map<String, String> properties);

    /** @return the {@code alertname} of each alert in a POST body, in order */
    protected abstract List<String> names(String body);

    /** @return the path a POST arrives at for a configured URL with this path */
    protected abstract String postPath(String urlPath);

    /** Fast retries for tests, the URLs of these targets with path {@code /base}, and more. */
    protected static Map<String, String> urls(RecordingTarget... targets) {
        Map<String, String> p = new HashMap<>(Map.of("min-backoff", "50ms", "max-backoff", "400ms",
                "max-retry-duration", "20s", "drain-timeout", "3s", "timeout", "2s"));
        List<String> urls = new ArrayList<>();
        for (RecordingTarget t : targets) {
            urls.add(t.url("/base").toString());
        }
        p.put("urls", String.join(",", urls));
        return p;
    }

    private Notifier create(Map<String, String> base, Map<String, String> more) {
        Map<String, String> p = new HashMap<>(base);
        p.putAll(more);
        return create(p);
    }

    private List<String> names(RecordingTarget.Request r) {
        return names(r.body());
    }

    private List<String> allNames(List<RecordingTarget.Request> requests) {
        return requests.stream().filter(r -> r.status() == 200).flatMap(r -> names(r).stream()).toList();
    }

    private int received(List<RecordingTarget.Request> requests) {
        return allNames(requests).size();
    }

    private static AlertDelivery delivery(String ws, String prefix, int count) {
        return new AlertDelivery(ws, List.of(), alerts(prefix, 1, count));
    }

    private static List<String> namesOf(String prefix, int from, int to) {
        return alerts(prefix, from, to).stream().map(a -> a.labels().get("alertname")).toList();
    }

    protected static void awaitStats(Notifier n, Predicate<NotifierStats> p) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!p.test(n.stats())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("stats never matched: " + n.stats());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sendNeverWaitsForTheNetwork() throws Exception {
        try (RecordingTarget target = RecordingTarget.started(); Notifier n = create(urls(target), Map.of("batch-size", "1"))) {
            target.delay(Duration.ofSeconds(1));
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                n.send(delivery("ws-1", "a" + i + "-", 1));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 500, "50 sends took " + millis + " ms against a target answering in 1 s");
            assertTrue(n.stats().queued() >= 45, "queued: " + n.stats());
        }
    }

    @Test
    void concurrentSendsLoseNothing() throws Exception {
        try (RecordingTarget target = RecordingTarget.started(); Notifier n = create(urls(target))) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String prefix = "t" + t + "-";
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        n.send(delivery("ws-1", prefix + i + "-", 4));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            List<RecordingTarget.Request> got = target.await(r -> received(r) == 800, WAIT);
            assertEquals(800, allNames(got).stream().distinct().count());
            awaitStats(n, s -> s.sent() == 800);
            assertEquals(new NotifierStats(800, 0, 0, 0), n.stats());
        }
    }

    @Test
    void postsJsonBatchesToTheTargetPathAndCountsThemSent() throws Exception {
        try (RecordingTarget target = RecordingTarget.started();
                Notifier n = create(urls(target), Map.of("batch-size", "4"))) {
            n.send(delivery("ws-1", "a", 10));
            List<RecordingTarget.Request> got = target.await(r -> received(r) == 10, WAIT);
            for (RecordingTarget.Request r : got) {
                assertEquals("POST", r.method());
                assertEquals(postPath("/base"), r.path());
                assertEquals("application/json", r.contentType());
                assertTrue(names(r).size() <= 4, "batch of " + names(r).size());
            }
            assertEquals(namesOf("a", 1, 10), allNames(got));
            awaitStats(n, s -> s.sent() == 10);
            assertEquals(new NotifierStats(10, 0, 0, 0), n.stats());
        }
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsThem() throws Exception {
        try (RecordingTarget target = RecordingTarget.down();
                Notifier n = create(urls(target), Map.of("queue-capacity", "10", "batch-size", "5"))) {
            n.send(delivery("ws-1", "first", 5));
            awaitStats(n, s -> s.queued() == 0); // the sender holds these five, retrying
            n.send(delivery("ws-1", "b", 20));
            assertEquals(new NotifierStats(0, 0, 10, 10), n.stats());
            target.start();
            List<RecordingTarget.Request> got = target.await(r -> received(r) == 15, WAIT);
            List<String> expected = new ArrayList<>(namesOf("first", 1, 5));
            expected.addAll(namesOf("b", 11, 20));
            assertEquals(expected, allNames(got));
            awaitStats(n, s -> s.sent() == 15);
            assertEquals(new NotifierStats(15, 0, 10, 0), n.stats());
        }
    }

    @Test
    void aTargetThatIsDownIsRetriedUntilItComesUp() throws Exception {
        try (RecordingTarget target = RecordingTarget.down(); Notifier n = create(urls(target))) {
            n.send(delivery("ws-1", "a", 3));
            Thread.sleep(800); // several attempts against a closed port
            assertEquals(new NotifierStats(0, 0, 0, 0), n.stats());
            target.start();
            target.await(r -> received(r) == 3, WAIT);
            awaitStats(n, s -> s.sent() == 3);
            assertEquals(new NotifierStats(3, 0, 0, 0), n.stats());
            assertEquals(1, target.requests().size(), "one POST once it is up");
        }
    }

    @Test
    void serverErrorsAreRetriedWithGrowingPauses() throws Exception {
        try (RecordingTarget target = RecordingTarget.started(); Notifier n = create(urls(target))) {
            target.answer(i -> i <= 4 ? 503 : 200);
            long start = System.nanoTime();
            n.send(delivery("ws-1", "a", 2));
            List<RecordingTarget.Request> got = target.await(r -> r.size() == 5, WAIT);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // 50 + 100 + 200 + 400 ms of backoff before the fifth attempt
            assertTrue(elapsedMillis >= 750, "retried after " + elapsedMillis + " ms");
            for (RecordingTarget.Request r : got) {
                assertEquals(List.of("a1", "a2"), names(r), "the same batch each time");
            }
            awaitStats(n, s -> s.sent() == 2);
            assertEquals(new NotifierStats(2, 0, 0, 0), n.stats());
        }
    }

    @Test
    void aRefusalIsNotRetriedAndCountsFailed() throws Exception {
        try (RecordingTarget target = RecordingTarget.started(); Notifier n = create(urls(target))) {
            target.answer(i -> i == 1 ? 400 : 200);
            n.send(delivery("ws-1", "bad", 3));
            awaitStats(n, s -> s.failed() == 3);
            n.send(delivery("ws-1", "good", 2));
            target.await(r -> r.size() == 2, WAIT);
            awaitStats(n, s -> s.sent() == 2);
            Thread.sleep(300);
            assertEquals(List.of(List.of("bad1", "bad2", "bad3"), List.of("good1", "good2")),
                    target.requests().stream().map(this::names).toList());
            assertEquals(new NotifierStats(2, 3, 0, 0), n.stats());
        }
    }

    @Test
    void aBatchIsGivenUpAfterTheRetryDuration() throws Exception {
        try (RecordingTarget target = RecordingTarget.started();
                Notifier n = create(urls(target), Map.of("max-retry-duration", "500ms"))) {
            target.answer(i -> 500);
            n.send(delivery("ws-1", "a", 4));
            awaitStats(n, s -> s.failed() == 4);
            int attempts = target.requests().size();
            // attempts at about 0, 50, 150 and 350 ms; fewer when the machine is slow, never more than the pauses allow
            assertTrue(attempts >= 2 && attempts <= 5, attempts + " attempts in 500 ms of 50, 100, 200 ms pauses");
            target.answer(i -> 200);
            n.send(delivery("ws-1", "b", 1));
            awaitStats(n, s -> s.sent() == 1);
            assertEquals(new NotifierStats(1, 4, 0, 0), n.stats());
        }
    }

    @Test
    void aDeliveryWithItsOwnTargetsGoesOnlyThere() throws Exception {
        try (RecordingTarget configured = RecordingTarget.started(); RecordingTarget override = RecordingTarget.started();
                Notifier n = create(urls(configured))) {
            n.send(new AlertDelivery("ws-own", List.of(override.url("/mine")), alerts("own", 1, 2)));
            n.send(delivery("ws-default", "default", 1));
            List<RecordingTarget.Request> own = override.await(r -> received(r) == 2, WAIT);
            assertEquals(postPath("/mine"), own.get(0).path());
            assertEquals(List.of("default1"), allNames(configured.await(r -> received(r) == 1, WAIT)));
            awaitStats(n, s -> s.sent() == 3);
            Thread.sleep(200);
            assertEquals(1, configured.requests().size());
            assertEquals(List.of("own1", "own2"), allNames(override.requests()));
        }
    }

    @Test
    void everyTargetGetsEveryAlert() throws Exception {
        try (RecordingTarget a = RecordingTarget.started(); RecordingTarget b = RecordingTarget.started();
                RecordingTarget c = RecordingTarget.down();
                Notifier n = create(urls(a, b, c), Map.of("batch-size", "3"))) {
            n.send(delivery("ws-1", "x", 7));
            n.send(delivery("ws-2", "y", 2));
            List<String> expected = List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7", "y1", "y2");
            // c is down: a and b must not wait for it
            assertEquals(expected, allNames(a.await(r -> received(r) == 9, WAIT)));
            assertEquals(expected, allNames(b.await(r -> received(r) == 9, WAIT)));
            c.start();
            assertEquals(expected, allNames(c.await(r -> received(r) == 9, WAIT)));
            awaitStats(n, s -> s.sent() == 27);
        }
    }

    @Test
    void withNowhereToSendAlertsAreDiscardedUncounted() {
        try (Notifier n = create(urls())) {
            n.send(delivery("ws-1", "a", 5));
            n.send(delivery("ws-1", "a", 5));
            assertEquals(new NotifierStats(0, 0, 0, 0), n.stats());
        }
    }

    @Test
    void anUnusableOverrideCountsFailed() {
        try (Notifier n = create(urls())) {
            n.send(new AlertDelivery("ws-1", List.of(URI.create("ftp://127.0.0.1/")), alerts("a", 1, 2)));
            assertEquals(new NotifierStats(0, 2, 0, 0), n.stats());
        }
    }

    @Test
    void closeDeliversWhatIsQueuedFirst() throws Exception {
        try (RecordingTarget target = RecordingTarget.started()) {
            target.delay(Duration.ofMillis(100));
            Notifier n = create(urls(target), Map.of("batch-size", "2"));
            n.send(delivery("ws-1", "a", 8));
            n.close();
            assertEquals(new NotifierStats(8, 0, 0, 0), n.stats());
            assertEquals(8, received(target.requests()));
            n.send(delivery("ws-1", "late", 1));
            assertEquals(1, n.stats().dropped(), "a send after close is dropped");
        }
    }

    @Test
    void closeGivesUpOnADownTargetAfterTheDrainTimeout() throws Exception {
        try (RecordingTarget target = RecordingTarget.down()) {
            Notifier n = create(urls(target), Map.of("drain-timeout", "500ms", "batch-size", "2"));
            n.send(delivery("ws-1", "a", 6));
            awaitStats(n, s -> s.queued() == 4);
            long start = System.nanoTime();
            n.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2_500, "close took " + millis + " ms");
            NotifierStats s = n.stats();
            assertEquals(new NotifierStats(0, 2, 4, 0), s, "the batch in flight failed, the queued ones were dropped");
        }
    }

}

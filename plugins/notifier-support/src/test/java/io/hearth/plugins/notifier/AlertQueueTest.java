package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.rules.Alert;
import io.hearth.spi.storage.Labels;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertQueueTest {

    static Alert alert(String name) {
        return new Alert(Labels.of("alertname", name), Labels.EMPTY, 1_000, 2_000, "");
    }

    static List<Alert> alerts(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> alert(prefix + i)).toList();
    }

    static List<String> names(List<QueuedAlert> batch) {
        return batch.stream().map(q -> q.alert().labels().get("alertname")).toList();
    }

    @Test
    void takesInOrderUpToTheBatchSize() {
        AlertQueue q = new AlertQueue(10);
        assertEquals(0, q.offer("ws", alerts("a", 1, 5)));
        assertEquals(List.of("a1", "a2", "a3"), names(q.poll(3, false)));
        assertEquals(List.of("a4", "a5"), names(q.poll(3, false)));
        assertTrue(q.isEmpty());
        assertEquals(List.of(), q.poll(3, false));
    }

    @Test
    void aFullQueueDropsTheOldest() {
        AlertQueue q = new AlertQueue(4);
        assertEquals(0, q.offer("ws", alerts("a", 1, 3)));
        assertEquals(1, q.offer("ws", alerts("a", 4, 5)));
        assertEquals(List.of("a2", "a3", "a4"), names(q.poll(3, false)));
        assertEquals(1, q.size());
        assertEquals(2, q.offer("ws", alerts("b", 1, 5)));
        assertEquals(List.of("b2", "b3", "b4", "b5"), names(q.poll(9, false)));
    }

    @Test
    void moreAlertsThanTheCapacityKeepTheLast() {
        AlertQueue q = new AlertQueue(3);
        q.offer("ws", alerts("a", 1, 2));
        assertEquals(2 + 4, q.offer("ws", alerts("b", 1, 7)));
        assertEquals(List.of("b5", "b6", "b7"), names(q.poll(10, false)));
    }

    @Test
    void aBatchOfOneWorkspaceStopsAtTheNext() {
        AlertQueue q = new AlertQueue(10);
        q.offer("ws-1", alerts("a", 1, 2));
        q.offer("ws-2", alerts("b", 1, 2));
        q.offer("ws-1", alerts("c", 1, 1));
        assertEquals(List.of("a1", "a2"), names(q.poll(10, true)));
        List<QueuedAlert> second = q.poll(10, true);
        assertEquals(List.of("b1", "b2"), names(second));
        assertEquals("ws-2", second.get(0).workspaceId());
        assertEquals(List.of("c1"), names(q.poll(10, true)));
    }

    @Test
    void growsUpToItsCapacityKeepingOrder() {
        AlertQueue q = new AlertQueue(1000);
        assertEquals(0, q.offer("ws", alerts("a", 1, 500)));
        assertEquals(List.of("a1", "a2"), names(q.poll(2, false)));
        assertEquals(198, q.offer("ws", alerts("b", 1, 700)));
        assertEquals(1000, q.size());
        List<QueuedAlert> all = q.poll(2000, false);
        assertEquals("a201", names(all).get(0));
        assertEquals("b700", names(all).get(999));
    }

    /** Random offers and polls against a deque that drops from the front by hand. */
    @Test
    void behavesLikeADroppingDeque() {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 50; round++) {
            int capacity = 1 + random.nextInt(300);
            AlertQueue q = new AlertQueue(capacity);
            java.util.ArrayDeque<String> model = new java.util.ArrayDeque<>();
            int next = 0;
            for (int op = 0; op < 100; op++) {
                if (random.nextBoolean()) {
                    int n = random.nextInt(capacity * 2 + 1);
                    List<Alert> batch = alerts("x", next, next + n - 1);
                    next += n;
                    int modelDropped = 0;
                    for (Alert a : batch) {
                        model.addLast(a.labels().get("alertname"));
                        if (model.size() > capacity) {
                            model.removeFirst();
                            modelDropped++;
                        }
                    }
                    assertEquals(modelDropped, q.offer("ws", batch), "seed " + seed);
                } else {
                    int max = 1 + random.nextInt(100);
                    List<String> expected = new java.util.ArrayList<>();
                    while (expected.size() < max && !model.isEmpty()) {
                        expected.add(model.removeFirst());
                    }
                    assertEquals(expected, names(q.poll(max, false)), "seed " + seed);
                }
                assertEquals(model.size(), q.size(), "seed " + seed);
            }
        }
    }

    @Test
    void clearCountsWhatItEmptied() {
        AlertQueue q = new AlertQueue(5);
        q.offer("ws", alerts("a", 1, 8));
        assertEquals(5, q.clear());
        assertTrue(q.isEmpty());
        q.offer("ws", alerts("b", 1, 1));
        assertEquals(List.of("b1"), names(q.poll(5, false)));
    }
}

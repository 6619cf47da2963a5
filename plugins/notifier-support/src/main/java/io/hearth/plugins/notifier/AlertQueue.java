package io.hearth.plugins.notifier;

import io.hearth.spi.rules.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded ring of alerts that makes room by dropping the oldest, as Prometheus's notification
 * queue does: the newest state of an alert is the one worth sending. The ring grows up to its
 * capacity as needed, so an idle queue costs little. Not thread-safe; its owner guards it.
 */
final class AlertQueue {

    private static final int INITIAL_SLOTS = 64;

    private final int capacity;
    private QueuedAlert[] ring;
    private int head;
    private int size;

    AlertQueue(int capacity) {
        this.capacity = capacity;
        this.ring = new QueuedAlert[Math.min(capacity, INITIAL_SLOTS)];
    }

    /**
     * Appends alerts, dropping the oldest queued ones (or the first of these, when there are more
     * than the capacity) to make room.
     *
     * @return how many alerts were dropped
     */
    int offer(String workspaceId, List<Alert> alerts) {
        int n = alerts.size();
        int skip = Math.max(0, n - capacity);
        int dropped = skip;
        if (size + n - skip > ring.length && ring.length < capacity) {
            grow(Math.min(capacity, Math.max(ring.length * 2, size + n - skip)));
        }
        for (int i = skip; i < n; i++) {
            if (size == ring.length) {
                ring[head] = null;
                head = (head + 1) % ring.length;
                size--;
                dropped++;
            }
            ring[(head + size) % ring.length] = new QueuedAlert(workspaceId, alerts.get(i));
            size++;
        }
        return dropped;
    }

    private void grow(int slots) {
        QueuedAlert[] bigger = new QueuedAlert[slots];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }

    /**
     * Takes alerts from the front.
     *
     * @param max the most to take
     * @param oneWorkspace whether to stop at the first alert of another workspace than the first's
     * @return the alerts, oldest first; empty when the queue is
     */
    List<QueuedAlert> poll(int max, boolean oneWorkspace) {
        int n = Math.min(max, size);
        List<QueuedAlert> batch = new ArrayList<>(n);
        String workspace = n == 0 ? null : ring[head].workspaceId();
        while (batch.size() < n) {
            QueuedAlert a = ring[head];
            if (oneWorkspace && !a.workspaceId().equals(workspace)) {
                break;
            }
            batch.add(a);
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
        return batch;
    }

    /** Empties the queue, @return how many alerts it held. */
    int clear() {
        int n = size;
        while (size > 0) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
        return n;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}

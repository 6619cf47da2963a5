package io.hearth.spi.rules;

import java.io.Closeable;

/**
 * Delivers alerts somewhere: an Alertmanager's v2 API, a webhook. A notifier owns a bounded
 * queue: {@link #send} never blocks; delivery runs on the notifier's own threads, in batches,
 * retried with backoff while a target is down; when the queue is full the oldest alerts are
 * dropped and counted.
 */
public interface Notifier extends Closeable {

    /**
     * Queues alerts for delivery.
     *
     * @param delivery the workspace, its target override, and the alerts
     */
    void send(AlertDelivery delivery);

    /** @return the counters since start */
    NotifierStats stats();

    /** Stops delivering; waits briefly to drain what is queued. */
    @Override
    void close();
}

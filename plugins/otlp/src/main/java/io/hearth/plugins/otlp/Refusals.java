package io.hearth.plugins.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of one request that the codec itself refused (delta temporality, a scale below
 * Prometheus's range), for the response's {@code partial_success}. Mutable; used by one request's
 * thread.
 */
final class Refusals {

    /** How many reasons are kept for the client; the count covers them all. */
    static final int KEPT_MESSAGES = 10;

    private long points;
    private final List<String> messages = new ArrayList<>();

    /**
     * @param count how many data points were refused
     * @param message why, naming the metric
     */
    void refuse(long count, String message) {
        points += count;
        if (messages.size() < KEPT_MESSAGES) {
            messages.add(message);
        }
    }

    long points() {
        return points;
    }

    List<String> messages() {
        return messages;
    }
}

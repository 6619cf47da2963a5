package io.hearth.plugins.notifier;

import java.time.Duration;

/**
 * Exponential backoff between retries: the minimum after the first failure, doubled after each
 * further one, never more than the maximum.
 *
 * @param min the first wait
 * @param max the longest wait
 */
record Backoff(Duration min, Duration max) {

    /**
     * @param failures failed attempts so far, at least 1
     * @return how long to wait before the next attempt, in nanoseconds
     */
    long delayNanos(int failures) {
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        int doublings = Math.min(failures - 1, 62);
        if (doublings >= Long.numberOfLeadingZeros(minNanos) - 1) {
            return maxNanos;
        }
        return Math.min(maxNanos, minNanos << doublings);
    }
}

package io.hearth.spi.rules;

/**
 * A notifier's counters since start, which the kernel exports in {@code /metrics}.
 *
 * @param sent alerts delivered
 * @param failed alerts whose delivery failed after every retry
 * @param dropped alerts dropped because the queue was full
 * @param queued alerts waiting now
 */
public record NotifierStats(long sent, long failed, long dropped, int queued) {
}

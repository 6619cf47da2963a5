package io.hearth.plugins.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * When a group evaluates. As in Prometheus, every group is evaluated on a grid of its interval
 * shifted by an offset derived from a hash of its identity ({@code file} = namespace, and
 * {@code name}), so that groups spread over the interval yet each keeps the same phase across
 * restarts and reloads.
 */
final class GroupSlots {

    private GroupSlots() {
    }

    /**
     * Prometheus's hash of a group: XXH64 of the label set {file=namespace, name=name} in its
     * byte form (name, 0xff, value, 0xff per label, sorted by name).
     */
    static long hash(String namespace, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {"file", namespace, "name", name}) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0xff);
        }
        return XxHash64.hash(out.toByteArray());
    }

    /** @return the group's offset within its interval, in nanoseconds */
    static long offsetNanos(long hash, long intervalMillis) {
        return Long.remainderUnsigned(hash, intervalMillis * 1_000_000L);
    }

    /**
     * The latest slot at or before {@code nowMillis}.
     *
     * @return the slot, in milliseconds
     */
    static long slotAtOrBefore(long hash, long intervalMillis, long nowMillis) {
        long interval = intervalMillis * 1_000_000L;
        long offset = offsetNanos(hash, intervalMillis);
        long adjusted = nowMillis * 1_000_000L - offset;
        long base = adjusted - Math.floorMod(adjusted, interval);
        return Math.floorDiv(base + offset, 1_000_000L);
    }
}

package io.hearth.storage.head;

import io.hearth.spi.storage.Labels;

/**
 * The head's series by label set: an open-addressing table of the series themselves, probed
 * linearly, at most half full. Against a {@code ConcurrentHashMap} it saves the entry object
 * (some 40 bytes per series) and one dependent memory load per lookup, the first cost of every
 * appended sample.
 *
 * <p>One writer at a time ({@link #put} and {@link #remove} under the head's commit lock, or the
 * replay); any number of lock-free readers. A reader may miss a series being added, or one that a
 * removal shifts back past its probe, which only sends its appender to the commit-time lookup
 * under the lock; it never sees a wrong one, since a series's labels and hash are final fields,
 * safely published through a racy slot read. Removal shifts the following entries of the probe
 * run back into the hole (no tombstones), so a table with churn stays as short to probe as one
 * without; a reader's probe is bounded by the table length, so a removal racing it cannot make it
 * run around forever.
 */
final class SeriesTable {

    private static final int MAX_LOAD_PERCENT = 50;

    private volatile HeadSeries[] slots = new HeadSeries[1024];
    private int size; // writer's

    /** The series with these labels, or null. */
    HeadSeries get(Labels labels) {
        HeadSeries[] t = slots;
        int h = labels.hashCode();
        int mask = t.length - 1;
        for (int i = mix(h) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            HeadSeries s = t[i];
            if (s == null) {
                return null;
            }
            if (s.hash == h && (s.labels == labels || s.labels.equals(labels))) {
                return s;
            }
        }
        return null;
    }

    /** Adds a series whose labels are in no other; caller is the one writer. */
    void put(HeadSeries s) {
        HeadSeries[] t = slots;
        if ((size + 1) * 100 > t.length * MAX_LOAD_PERCENT) {
            t = grown(t);
        }
        insert(t, s);
        slots = t; // publishes a grown table, and orders the slot write before later reads of it
        size++;
    }

    /**
     * Removes this very series, if present; caller is the one writer. The entries after it in its
     * probe run move back into the hole unless their home slot lies after the hole and at or before
     * where they sit (they would then be unreachable from their home).
     *
     * @return whether it was present
     */
    boolean remove(HeadSeries s) {
        HeadSeries[] t = slots;
        int mask = t.length - 1;
        int hole = mix(s.hash) & mask;
        while (t[hole] != s) {
            if (t[hole] == null) {
                return false;
            }
            hole = (hole + 1) & mask;
        }
        for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = mix(t[j].hash) & mask;
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                t[hole] = t[j]; // written before its old slot is cleared: a reader may see it twice, never wrongly
                hole = j;
            }
        }
        t[hole] = null;
        slots = t; // orders the writes before later reads of the table
        size--;
        return true;
    }

    int size() {
        return size;
    }

    private static HeadSeries[] grown(HeadSeries[] old) {
        HeadSeries[] t = new HeadSeries[old.length * 2];
        for (HeadSeries s : old) {
            if (s != null) {
                insert(t, s);
            }
        }
        return t;
    }

    private static void insert(HeadSeries[] t, HeadSeries s) {
        int mask = t.length - 1;
        int i = mix(s.hash) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = s;
    }

    // Labels hashes are Arrays.hashCode: spread their low bits before masking
    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}

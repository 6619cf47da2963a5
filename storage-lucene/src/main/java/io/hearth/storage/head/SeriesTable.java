package io.hearth.storage.head;

import io.hearth.spi.storage.Labels;

/**
 * The head's series by label set: an open-addressing table of the series themselves, probed
 * linearly, at most half full. Against a {@code ConcurrentHashMap} it saves the entry object
 * (some 40 bytes per series) and one dependent memory load per lookup, the first cost of every
 * appended sample.
 *
 * <p>One writer at a time ({@link #put} under the head's commit lock, or the replay); any number
 * of lock-free readers. A reader may miss a series being added concurrently, which only sends
 * its appender to the commit-time lookup under the lock; it never sees a wrong one, since a
 * series's labels and hash are final fields, safely published through a racy slot read.
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
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            HeadSeries s = t[i];
            if (s == null) {
                return null;
            }
            if (s.hash == h && (s.labels == labels || s.labels.equals(labels))) {
                return s;
            }
        }
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

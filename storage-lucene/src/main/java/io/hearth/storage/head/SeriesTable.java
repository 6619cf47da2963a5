package io.hearth.storage.head;

import io.hearth.spi.storage.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The head's series by label set: an open-addressing table, probed linearly, at most half full,
 * of three parallel arrays: each slot's label hash, its label pairs (the very array the series's
 * {@code Labels} wraps) and its series. Against a {@code ConcurrentHashMap} it saves the entry
 * object (some 40 bytes per series) and a dependent memory load per lookup, the first cost of
 * every appended sample.
 *
 * <p>On a large head every object a lookup touches misses the cache, so its cost is the number
 * of loads that wait on one another. A hit here reads the slot's hash, pairs and series (three
 * independent loads), then the pairs' strings by identity (the decoder hands out one instance per
 * repeated string, and the head keeps the instances it was first given); the series itself loads
 * beside the comparison instead of before it. Probing the series and then its {@code Labels} and
 * their pairs array, as this table did before, was four loads in a row: at a million series
 * ({@code SeriesLookupBenchmark}) a lookup in random order took 480-540 ns before, 345-385 after.
 *
 * <p>One writer at a time ({@link #put} and {@link #remove} under the head's commit lock, or the
 * replay); any number of lock-free readers. The writer brackets every change with a modification
 * count (odd while it writes), which a reader checks before and after its probe: a reader that
 * raced a change answers null. That, like a miss, only sends an appender to the commit-time
 * lookup under the lock, so a reader never pairs a key and a series of two different moments.
 * Removal shifts the following entries of the probe run back into the hole (no tombstones), so a
 * table with churn stays as short to probe as one without; a reader's probe is bounded by the
 * table length, so a change racing it cannot make it run around forever.
 */
final class SeriesTable {

    private static final int MAX_LOAD_PERCENT = 50;
    private static final VarHandle MODIFICATIONS;

    static {
        try {
            MODIFICATIONS = MethodHandles.lookup().findVarHandle(SeriesTable.class, "modifications", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The three parallel arrays, published together. */
    private record Slots(int[] hashes, String[][] keys, HeadSeries[] series) {
        Slots(int length) {
            this(new int[length], new String[length][], new HeadSeries[length]);
        }
    }

    private volatile Slots slots = new Slots(1024);
    @SuppressWarnings("unused") // through MODIFICATIONS
    private volatile int modifications; // odd while the writer changes the slots
    private int size; // writer's

    /** The series with these labels, or null (also when a change raced the lookup). */
    HeadSeries get(Labels labels) {
        int before = (int) MODIFICATIONS.getAcquire(this);
        if ((before & 1) != 0) {
            return null;
        }
        Slots t = slots;
        int[] hashes = t.hashes;
        String[][] keys = t.keys;
        int h = labels.hashCode();
        int mask = keys.length - 1;
        HeadSeries found = null;
        for (int i = mix(h) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            String[] key = keys[i];
            if (key == null) {
                break;
            }
            if (hashes[i] == h && matches(key, labels)) {
                found = t.series[i];
                break;
            }
        }
        VarHandle.loadLoadFence(); // the probe's reads happen before the count is read again
        return (int) MODIFICATIONS.getOpaque(this) == before ? found : null;
    }

    /** Whether the pairs are the labels' (identity first: a racy slot may even show a null string). */
    private static boolean matches(String[] key, Labels labels) {
        if (key.length != 2 * labels.size()) {
            return false;
        }
        for (int j = 0, k = 0; j < key.length; j += 2, k++) {
            String name = labels.name(k);
            String value = labels.value(k);
            if ((key[j] != name && !name.equals(key[j])) || (key[j + 1] != value && !value.equals(key[j + 1]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a series whose labels are in no other; caller is the one writer.
     *
     * @param pairs the array the series's labels wrap ({@link Labels#ofSortedPairs}), never changed after
     */
    void put(HeadSeries s, String[] pairs) {
        Slots t = slots;
        if ((size + 1) * 100 > t.keys.length * MAX_LOAD_PERCENT) {
            t = grown(t); // a new table, private until published below
        }
        beginChange();
        insert(t, s.labels.hashCode(), pairs, s);
        slots = t;
        endChange();
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
        Slots slotsNow = slots;
        int[] hashes = slotsNow.hashes;
        String[][] keys = slotsNow.keys;
        HeadSeries[] t = slotsNow.series;
        int mask = t.length - 1;
        int hole = mix(s.labels.hashCode()) & mask;
        while (t[hole] != s) {
            if (t[hole] == null) {
                return false;
            }
            hole = (hole + 1) & mask;
        }
        beginChange();
        for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = mix(hashes[j]) & mask;
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                t[hole] = t[j];
                hashes[hole] = hashes[j];
                keys[hole] = keys[j];
                hole = j;
            }
        }
        keys[hole] = null;
        t[hole] = null;
        endChange();
        size--;
        return true;
    }

    int size() {
        return size;
    }

    private void beginChange() {
        MODIFICATIONS.setOpaque(this, (int) MODIFICATIONS.getOpaque(this) + 1);
        VarHandle.storeStoreFence(); // the odd count is visible before any slot changes
    }

    private void endChange() {
        MODIFICATIONS.setRelease(this, (int) MODIFICATIONS.getOpaque(this) + 1); // after every slot change
    }

    private static Slots grown(Slots old) {
        Slots t = new Slots(old.keys.length * 2);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.series[i] != null) {
                insert(t, old.hashes[i], old.keys[i], old.series[i]);
            }
        }
        return t;
    }

    private static void insert(Slots t, int hash, String[] pairs, HeadSeries s) {
        HeadSeries[] series = t.series;
        int mask = series.length - 1;
        int i = mix(hash) & mask;
        while (series[i] != null) {
            i = (i + 1) & mask;
        }
        series[i] = s;
        t.hashes[i] = hash;
        t.keys[i] = pairs;
    }

    // Labels hashes are Arrays.hashCode: spread their low bits before masking
    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}

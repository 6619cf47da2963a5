package io.hearth.kernel.ingest;

import io.hearth.spi.storage.Labels;
import java.util.Arrays;

/**
 * A set of 64-bit series hashes: open addressing over a {@code long[]}, about 11 to 21 bytes a
 * series, no boxing. Used to tell a series the storage already has from a new one without asking
 * the storage; two series with the same 64-bit hash (about one chance in 3.6 million at ten million
 * series) are taken for one, which can let one new series past a limit.
 *
 * <p>Not thread-safe; its owner synchronizes.
 */
final class SeriesHashes {

    /** 0 marks an empty slot, so the hash 0 is stored as this. */
    private static final long ZERO = 0x9E3779B97F4A7C15L;

    private long[] slots = new long[16];
    private int size;

    /** The hash of a series given as sorted name/value pairs. */
    static long hash(String[] pairs) {
        long h = 0xCBF29CE484222325L;
        for (String s : pairs) {
            h = mix(h, s);
        }
        return finish(h);
    }

    /** The hash of a series from storage; equal to {@link #hash(String[])} of its pairs. */
    static long hash(Labels labels) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < labels.size(); i++) {
            h = mix(h, labels.name(i));
            h = mix(h, labels.value(i));
        }
        return finish(h);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        // A separator no label text holds, so that ("ab","c") and ("a","bc") differ.
        return (h ^ 0xFFFF) * 0x100000001B3L;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == 0 ? ZERO : h;
    }

    /** @return whether the hash (from {@link #hash}, so never 0) was absent and is now present */
    boolean add(long hash) {
        if (hash == 0) {
            throw new IllegalArgumentException("0 marks an empty slot; hash() never returns it");
        }
        if ((size + 1) * 4L > slots.length * 3L) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                slots[i] = hash;
                size++;
                return true;
            }
            if (slots[i] == hash) {
                return false;
            }
        }
    }

    boolean contains(long hash) {
        int mask = slots.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return false;
            }
            if (slots[i] == hash) {
                return true;
            }
        }
    }

    /** @return whether the hash was present */
    boolean remove(long hash) {
        int mask = slots.length - 1;
        int i = (int) hash & mask;
        while (slots[i] != hash) {
            if (slots[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int gap = i;
        for (int j = (gap + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = (int) slots[j] & mask;
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                slots[gap] = slots[j];
                gap = j;
            }
        }
        slots[gap] = 0;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    /** Forgets every hash, keeping the table's capacity for the ones that come back. */
    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long h : old) {
            if (h != 0) {
                add(h);
            }
        }
    }

    @Override
    public String toString() {
        return "SeriesHashes[" + size + " of " + slots.length + "]" + (size < 8 ? Arrays.toString(slots) : "");
    }
}

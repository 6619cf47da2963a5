package io.hearth.storage.head;

import io.hearth.spi.storage.Labels;

/**
 * One shared copy of each label name and value among the series the head creates. A decoded
 * request brings its own copy of every string, and a new series would keep them all: with
 * node_exporter-like series (names, job, instance and cpu shared by many series) sharing halves
 * the heap a series costs. An open-addressing set of strings, 8 bytes per distinct string.
 *
 * <p>Used under the head's commit lock (or by the single-threaded replay). {@link #clear} at each
 * block cut bounds it to the strings of series created since; series keep the strings they have.
 */
final class LabelStrings {

    private static final int MAX_LOAD_PERCENT = 50;

    private String[] table = new String[1024];
    private int size;

    /**
     * A new array of the labels' pairs whose strings are the shared copies (new ones are added),
     * for a new series to wrap ({@link Labels#ofSortedPairs}) and its table to compare.
     */
    String[] canonicalPairs(Labels labels) {
        String[] pairs = labels.toPairs();
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = intern(pairs[i]);
        }
        return pairs;
    }

    /** Forgets every string; series created later share among themselves only. */
    void clear() {
        table = new String[1024];
        size = 0;
    }

    int size() {
        return size;
    }

    private String intern(String s) {
        String[] t = table;
        int mask = t.length - 1;
        for (int i = mix(s.hashCode()) & mask; ; i = (i + 1) & mask) {
            String e = t[i];
            if (e == null) {
                t[i] = s;
                if (++size * 100 > t.length * MAX_LOAD_PERCENT) {
                    grow();
                }
                return s;
            }
            if (e == s || e.equals(s)) {
                return e;
            }
        }
    }

    private void grow() {
        String[] old = table;
        String[] t = new String[old.length * 2];
        int mask = t.length - 1;
        for (String s : old) {
            if (s != null) {
                int i = mix(s.hashCode()) & mask;
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = s;
            }
        }
        table = t;
    }

    // String hashes of similar strings ("host-1", "host-2") differ in low bits only
    private static int mix(int h) {
        return h * 0x9E3779B9 ^ (h >>> 16);
    }
}

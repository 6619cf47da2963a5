package io.hearth.spi.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of labels sorted by name, the identity of a series.
 *
 * <p>Names are unique and non-empty; values are non-empty (a label with an empty value does not
 * exist, as in Prometheus, so builders drop it). Names and values are well-formed Unicode (no
 * unpaired surrogates), so that they survive a round trip through UTF-8 unchanged. Equality, hash code and ordering are by content;
 * the hash is computed once. Instances are safe to share between threads.
 *
 * <p>Ordering ({@link #compareTo}) is Prometheus's: label by label, by name then value, in UTF-16
 * code unit order, and a set that is a prefix of another sorts first. Query results are sorted in
 * this order.
 */
public final class Labels implements Comparable<Labels> {

    /** The set with no labels. */
    public static final Labels EMPTY = new Labels(new String[0]);

    /**
     * Strings that passed {@link #requireWellFormed}, by identity, in a lossy direct-mapped table:
     * the write path builds labels from the same few interned name and value instances over and
     * over, and the hash it is indexed by is computed anyway (for the set's hash) and cached in the
     * String. Shared without locks: a slot holds a whole immutable String or null, and a lost race
     * or a replaced entry only means checking a string again.
     */
    private static final String[] WELL_FORMED = new String[1 << 14];

    private final String[] pairs; // name0, value0, name1, value1, ... sorted by name
    private final int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
        this.hash = Arrays.hashCode(pairs);
    }

    /**
     * Labels from alternating names and values in any order.
     *
     * @throws IllegalArgumentException on an odd count, a null or empty name, a null value or a
     *     name given twice
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length + " strings");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (b.has(namesAndValues[i])) {
                throw new IllegalArgumentException("label " + namesAndValues[i] + " given twice");
            }
            b.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** Labels from a map; entries with empty values are dropped. */
    public static Labels of(Map<String, String> map) {
        Builder b = builder();
        map.forEach(b::set);
        return b.build();
    }

    /**
     * Wraps pairs that are already sorted by name and valid, without copying; for storage engines
     * decoding their own data. The array must not change afterwards.
     *
     * @throws IllegalArgumentException if the pairs are not sorted, unique and non-empty
     */
    public static Labels ofSortedPairs(String[] sortedPairs) {
        if (sortedPairs.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label strings: " + sortedPairs.length);
        }
        for (int i = 0; i < sortedPairs.length; i += 2) {
            String n = sortedPairs[i];
            String v = sortedPairs[i + 1];
            if (n == null || n.isEmpty() || v == null || v.isEmpty()) {
                throw new IllegalArgumentException("label names and values must be non-empty");
            }
            requireWellFormed(n);
            requireWellFormed(v);
            if (i > 0 && sortedPairs[i - 2].compareTo(n) >= 0) {
                throw new IllegalArgumentException("label names not sorted and unique at " + n);
            }
        }
        return sortedPairs.length == 0 ? EMPTY : new Labels(sortedPairs);
    }

    private static void requireWellFormed(String s) {
        int slot = s.hashCode() & (WELL_FORMED.length - 1);
        if (WELL_FORMED[slot] == s) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("label text has an unpaired surrogate at index " + i);
                }
            }
        }
        WELL_FORMED[slot] = s;
    }

    /** A builder starting empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these labels. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b;
    }

    /** The number of labels. */
    public int size() {
        return pairs.length / 2;
    }

    /** Whether there are no labels. */
    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** The name of the {@code i}-th label in name order. */
    public String name(int i) {
        return pairs[2 * i];
    }

    /** The value of the {@code i}-th label in name order. */
    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /**
     * The value of a label, or {@code ""} if the set has no such label (Prometheus treats the two
     * alike).
     */
    public String get(String name) {
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return pairs[2 * mid + 1];
            }
        }
        return "";
    }

    /** A copy of the sorted name/value pairs. */
    public String[] toPairs() {
        return pairs.clone();
    }

    /** The labels as an insertion-ordered map, sorted by name. */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            int c = pairs[i].compareTo(o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Labels l && l.hash == hash && Arrays.equals(pairs, l.pairs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Prometheus's text form, {@code {a="1", b="2"}}, with values quoted and escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append("=\"");
            String v = pairs[i + 1];
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * Collects labels in any order; {@link #build()} sorts them. Setting a name again replaces
     * its value; setting an empty value removes the label. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        private Builder() {
        }

        boolean has(String name) {
            return names.contains(name);
        }

        /**
         * Sets a label; an empty or null value removes it.
         *
         * @throws IllegalArgumentException if the name is null or empty
         */
        public Builder set(String name, String value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a label name must be non-empty");
            }
            requireWellFormed(name);
            if (value != null) {
                requireWellFormed(value);
            }
            int i = names.indexOf(name);
            if (value == null || value.isEmpty()) {
                if (i >= 0) {
                    names.remove(i);
                    values.remove(i);
                }
            } else if (i >= 0) {
                values.set(i, value);
            } else {
                names.add(name);
                values.add(value);
            }
            return this;
        }

        /** Removes a label if present. */
        public Builder remove(String name) {
            return set(name, null);
        }

        /** The sorted, immutable label set. */
        public Labels build() {
            if (names.isEmpty()) {
                return EMPTY;
            }
            Integer[] order = new Integer[names.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> names.get(a).compareTo(names.get(b)));
            String[] pairs = new String[order.length * 2];
            for (int i = 0; i < order.length; i++) {
                pairs[2 * i] = names.get(order[i]);
                pairs[2 * i + 1] = values.get(order[i]);
            }
            return new Labels(pairs);
        }
    }
}

package io.hearth.promql.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set sorted by label name, with no empty values (an empty value means the label
 * is absent, as in Prometheus). Ordered as Prometheus orders label sets: pairwise by name, then by
 * value; a set that is a prefix of another sorts first.
 */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0]);

    /** name0, value0, name1, value1, ... sorted by name. */
    private final String[] kv;
    private int hash;

    private Labels(String[] kv) {
        this.kv = kv;
    }

    /** Builds a label set from a name → value map; empty values are dropped. */
    public static Labels of(Map<String, String> m) {
        TreeMap<String, String> sorted = new TreeMap<>(m);
        List<String> out = new ArrayList<>(sorted.size() * 2);
        sorted.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.add(k);
                out.add(v);
            }
        });
        return new Labels(out.toArray(new String[0]));
    }

    /**
     * Wraps alternating names and values that are already a valid label set: sorted by name,
     * names unique, values non-empty, as the storage spi's labels guarantee. The array is taken
     * over, not copied; every selected series's labels come through here, and {@link #of(String...)}
     * sorts through two maps.
     *
     * @throws IllegalArgumentException if the pairs are not such a set
     */
    public static Labels ofSortedPairs(String[] kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label strings: " + kv.length);
        }
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null || kv[i + 1].isEmpty() || (i > 0 && kv[i - 2].compareTo(kv[i]) >= 0)) {
                throw new IllegalArgumentException("labels not sorted, unique and non-empty at " + kv[i]);
            }
        }
        return new Labels(kv);
    }

    /** Builds a label set from alternating names and values. */
    public static Labels of(String... nameValues) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            m.put(nameValues[i], nameValues[i + 1]);
        }
        return of(m);
    }

    public int size() {
        return kv.length / 2;
    }

    public String name(int i) {
        return kv[2 * i];
    }

    public String value(int i) {
        return kv[2 * i + 1];
    }

    /** The value of a label, or "" when absent. */
    public String get(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = kv[2 * mid].compareTo(name);
            if (c == 0) {
                return kv[2 * mid + 1];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return "";
    }

    public boolean has(String name) {
        return !get(name).isEmpty();
    }

    /** A mutable copy as a sorted map, for building derived label sets. */
    public TreeMap<String, String> toMap() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < size(); i++) {
            m.put(name(i), value(i));
        }
        return m;
    }

    /** This set without the named labels. */
    public Labels without(String... names) {
        // filtered straight from the sorted pairs: no maps for a call made once per series
        String[] out = null;
        int j = 0;
        for (int i = 0; i < kv.length; i += 2) {
            boolean drop = false;
            for (String n : names) {
                if (kv[i].equals(n)) {
                    drop = true;
                    break;
                }
            }
            if (drop) {
                if (out == null) {
                    out = new String[kv.length - 2];
                    System.arraycopy(kv, 0, out, 0, i);
                    j = i;
                }
            } else if (out != null) {
                out[j++] = kv[i];
                out[j++] = kv[i + 1];
            }
        }
        if (out == null) {
            return this;
        }
        return new Labels(j == out.length ? out : Arrays.copyOf(out, j));
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(size(), o.size());
        for (int i = 0; i < n; i++) {
            int c = name(i).compareTo(o.name(i));
            if (c != 0) {
                return c;
            }
            c = value(i).compareTo(o.value(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(size(), o.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels l && (l == this || Arrays.equals(kv, l.kv));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(kv);
            hash = h;
        }
        return h;
    }

    /** Prometheus' text form: {@code {a="b", c="d"}}, values Go-quoted. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(name(i)).append('=').append(quote(value(i)));
        }
        return sb.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

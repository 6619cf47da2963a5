package io.hearth.kernel.ingest;

import io.hearth.kernel.workspace.LimitsPerLabelSet;
import io.hearth.spi.storage.LabelMatcher;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of a workspace's {@code limitsPerLabelSet}: at most {@code maxSeries} active series
 * whose labels include every pair of the label set. An empty label set is the default partition
 * (Cortex's rule): it holds the series that match no other entry of the workspace.
 *
 * @param pairs the label set as name, value, name, value ... sorted by name; empty for the default
 * @param maxSeries the limit; 0 (AMP: "no label set limit is enforced") means unlimited
 */
public record LabelSetLimit(String[] pairs, long maxSeries) {

    public LabelSetLimit {
        if (pairs.length % 2 != 0 || maxSeries < 0) {
            throw new IllegalArgumentException("a label set needs name/value pairs and a limit of at least 0");
        }
        for (int i = 2; i < pairs.length; i += 2) {
            if (pairs[i - 2].compareTo(pairs[i]) >= 0) {
                throw new IllegalArgumentException("label set names must be sorted and unique");
            }
        }
        pairs = pairs.clone();
    }

    /** Reads the canonical {@code limitsPerLabelSet} text kept in the workspace document. */
    public static List<LabelSetLimit> parse(String canonical) {
        List<LabelSetLimit> out = new ArrayList<>();
        for (JsonValue item : LimitsPerLabelSet.parse(canonical)) {
            JsonObject entry = item.asJsonObject();
            Map<String, String> labels = new TreeMap<>();
            entry.getJsonObject("labelSet").forEach((name, value) -> labels.put(name, ((JsonString) value).getString()));
            JsonValue max = entry.getJsonObject("limits").get("maxSeries");
            String[] pairs = new String[labels.size() * 2];
            int i = 0;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                pairs[i++] = label.getKey();
                pairs[i++] = label.getValue();
            }
            out.add(new LabelSetLimit(pairs, max instanceof JsonNumber n ? n.longValue() : 0));
        }
        return out;
    }

    /** @return whether this is the default partition (empty label set) */
    public boolean isDefault() {
        return pairs.length == 0;
    }

    /** @return whether the limit is enforced */
    public boolean enforced() {
        return maxSeries > 0;
    }

    /** @return whether a series (sorted name/value pairs) carries every label of the set */
    public boolean includedIn(String[] seriesPairs) {
        int from = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            int at = find(seriesPairs, from, pairs[i]);
            if (at < 0 || !seriesPairs[at + 1].equals(pairs[i + 1])) {
                return false;
            }
            from = at + 2;
        }
        return true;
    }

    /** @return equality matchers selecting the series of this (non-default) set */
    public List<LabelMatcher> matchers() {
        List<LabelMatcher> out = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(LabelMatcher.equal(pairs[i], pairs[i + 1]));
        }
        return out;
    }

    /** @return the set as {@code {name="value", ...}}, for messages */
    public String describe() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }

    private static int find(String[] sorted, int from, String name) {
        for (int i = from; i < sorted.length; i += 2) {
            int c = sorted[i].compareTo(name);
            if (c == 0) {
                return i;
            }
            if (c > 0) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSetLimit other && Arrays.equals(pairs, other.pairs) && maxSeries == other.maxSeries;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs) * 31 + Long.hashCode(maxSeries);
    }

    @Override
    public String toString() {
        return describe() + " maxSeries=" + maxSeries;
    }
}

package io.hearth.storage.record;

/**
 * Checks for label sets in their storage form: a {@code String[]} of alternating names and values,
 * {@code {name0, value0, name1, value1, ...}}, sorted by name. Stands in until {@code spi} has a
 * labels type.
 */
public final class LabelPairs {

    private LabelPairs() {}

    /**
     * @throws IllegalArgumentException unless the array has an even length, no nulls, non-empty
     *     names, and names in strictly increasing order
     */
    public static String[] requireValid(String[] pairs) {
        if (pairs == null || (pairs.length & 1) != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            String name = pairs[i];
            if (name == null || name.isEmpty() || pairs[i + 1] == null) {
                throw new IllegalArgumentException("label " + i / 2 + " has a null or empty name, or a null value");
            }
            if (i > 0 && pairs[i - 2].compareTo(name) >= 0) {
                throw new IllegalArgumentException("label names not strictly sorted: "
                        + pairs[i - 2] + " before " + name);
            }
        }
        return pairs;
    }
}

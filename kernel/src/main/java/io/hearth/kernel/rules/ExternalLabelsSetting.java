package io.hearth.kernel.rules;

import io.hearth.spi.storage.Labels;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code hearth.rules.external-labels}: Prometheus's global {@code external_labels} for rule
 * evaluation, written {@code name=value,name=value} (a value runs to the next comma; spaces around
 * names and values are trimmed, and an empty value leaves the label out, as Prometheus does).
 */
final class ExternalLabelsSetting {

    static final String PROPERTY = "hearth.rules.external-labels";

    // Prometheus's classic label names; names starting with "__" are reserved for internal use
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private ExternalLabelsSetting() {
    }

    /**
     * @param text the setting's value; blank for none
     * @return the labels
     * @throws IllegalArgumentException naming the property and the offending entry
     */
    static Labels parse(String text) {
        Labels.Builder b = Labels.builder();
        Set<String> seen = new HashSet<>();
        for (String entry : text.split(",", -1)) {
            if (entry.isBlank()) {
                if (text.isBlank()) {
                    break;
                }
                throw new IllegalArgumentException(PROPERTY + " has an empty entry in '" + text
                        + "'; write name=value pairs separated by commas");
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(PROPERTY + ": '" + entry.strip() + "' is not name=value");
            }
            String name = entry.substring(0, eq).strip();
            if (!NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException(PROPERTY + ": \"" + name + "\" is not a valid label name");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(PROPERTY + ": label name \"" + name + "\" is given twice");
            }
            b.set(name, entry.substring(eq + 1).strip());
        }
        return b.build();
    }
}

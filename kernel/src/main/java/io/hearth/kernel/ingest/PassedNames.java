package io.hearth.kernel.ingest;

/**
 * A lossy memory of the label and metric names that passed validation, so that the thousands of
 * series of a request (and of the next ones) that repeat the same few names check each by one
 * hash and one comparison instead of character by character. Codecs hand the same String instance
 * for a repeated name, so a hit usually stops at the identity check.
 *
 * <p>Direct-mapped and shared by all threads without locks: a slot holds one String (whose
 * fields are final, so any reference read is a whole string), a store replaces it, and a lost
 * race or a stale read is only a miss. Only names that passed are remembered, under the rules
 * they passed: one instance serves one set of {@link IngestLimits}.
 */
public final class PassedNames {

    private final String[] slots;
    private final int mask;

    /** @param slots how many names it remembers at most, a power of two */
    public PassedNames(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new String[slots];
        this.mask = slots - 1;
    }

    /** @return whether {@code name} passed before (false may also mean it was forgotten) */
    boolean contains(String name) {
        String known = slots[name.hashCode() & mask];
        return known == name || (known != null && known.equals(name));
    }

    /** Remembers a name that passed. */
    void add(String name) {
        slots[name.hashCode() & mask] = name;
    }
}

package io.hearth.spi.storage;

/**
 * The result of {@link Querier#select}: series sorted by {@link Labels#compareTo}, streamed one at a
 * time rather than materialised.
 *
 * <p>Used by one thread (the query evaluator). Errors are reported once: when {@link #next()}
 * returns {@code false} early, {@link #err()} says why.
 */
public interface SeriesSet {

    /** Advances to the next series; {@code false} at the end or on error. */
    boolean next();

    /** The current series; valid after {@link #next()} returned {@code true}. */
    Series at();

    /** The error that ended the set early, or {@code null}. */
    RuntimeException err();

    /** The empty set. */
    static SeriesSet empty() {
        return new SeriesSet() {
            @Override
            public boolean next() {
                return false;
            }

            @Override
            public Series at() {
                throw new IllegalStateException("empty series set");
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }
}

package io.hearth.storage.exemplar;

import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Exemplar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exemplars of one workspace: at most {@code capacity} of them in a circular buffer, the
 * oldest overwritten first, each slot linked to the next exemplar of the same series so that a
 * series's exemplars are read without scanning the buffer (as Prometheus keeps them, 100,000 by
 * default).
 *
 * <h2>Rules</h2>
 * Each series has a <em>newest</em> exemplar: the last one {@link #reserve reserved}, whether it is
 * still in the buffer or not. Against it, an exemplar equal in labels, value bits and timestamp is
 * {@link AppendResult#DUPLICATE}; one with an older timestamp, or the same timestamp and a lower
 * value, or the same timestamp and value and labels ordered before the newest's, is
 * {@link AppendResult#OUT_OF_ORDER} (Prometheus orders exemplars of one scrape by timestamp, value,
 * then labels; it compares label hashes where this store compares the labels). Labels longer than
 * {@link Exemplar#MAX_LABEL_SET_RUNES} characters are {@link AppendResult#EXEMPLAR_LABELS_TOO_LONG}.
 *
 * <h2>Two steps</h2>
 * The head checks and reserves under its commit lock ({@link #reserve}), then, once the WAL has
 * forced the commit, stores in commit order ({@link #add}), so a reader never sees an exemplar that
 * is not durable and ordering decisions do not depend on the force. The buffer grows on demand up
 * to the capacity, so a workspace without exemplars costs nothing.
 *
 * <p>Thread-safe: every method is synchronized; exemplars are few next to samples.
 */
public final class ExemplarStore {

    private static final int NONE = -1;
    private static final int INITIAL_SLOTS = 256;

    private final int capacity;

    // the circular buffer
    private int[] slotSeries = new int[0];
    private Exemplar[] slotExemplar = new Exemplar[0];
    private int[] slotNext = new int[0];
    private int nextSlot; // where the next exemplar goes once the buffer is full
    private int size;

    // per series ref: oldest and newest slot in the buffer, and the newest reserved exemplar
    private int[] oldest = new int[0];
    private int[] newest = new int[0];
    private Exemplar[] reserved = new Exemplar[0];

    /**
     * @param capacity the most exemplars kept; 0 keeps none and refuses every exemplar as
     *     {@link AppendResult#UNSUPPORTED}
     */
    public ExemplarStore(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("exemplar capacity " + capacity + " < 0");
        }
        this.capacity = capacity;
    }

    /** The most exemplars kept. */
    public int capacity() {
        return capacity;
    }

    /** How many exemplars are in the buffer. */
    public synchronized int size() {
        return size;
    }

    /** The series's newest reserved exemplar, or null. */
    public synchronized Exemplar newest(int ref) {
        return ref < reserved.length ? reserved[ref] : null;
    }

    /** Judges an exemplar against the series's newest without reserving it. */
    public synchronized AppendResult check(int ref, Exemplar e) {
        if (capacity == 0) {
            return AppendResult.UNSUPPORTED;
        }
        if (e.labelRunes() > Exemplar.MAX_LABEL_SET_RUNES) {
            return AppendResult.EXEMPLAR_LABELS_TOO_LONG;
        }
        Exemplar last = ref < reserved.length ? reserved[ref] : null;
        if (last == null) {
            return AppendResult.ACCEPTED;
        }
        if (last.equals(e)) {
            return AppendResult.DUPLICATE;
        }
        if (e.timestamp() < last.timestamp()
                || (e.timestamp() == last.timestamp() && (e.value() < last.value()
                        || (e.value() == last.value() && e.labels().compareTo(last.labels()) < 0)))) {
            return AppendResult.OUT_OF_ORDER;
        }
        return AppendResult.ACCEPTED;
    }

    /**
     * Judges an exemplar and, if {@link AppendResult#ACCEPTED}, makes it the series's newest; the
     * caller then {@link #add adds} it once durable.
     */
    public synchronized AppendResult reserve(int ref, Exemplar e) {
        AppendResult r = check(ref, e);
        if (r == AppendResult.ACCEPTED) {
            ensureSeries(ref);
            reserved[ref] = e;
        }
        return r;
    }

    /**
     * Puts a reserved exemplar into the buffer, overwriting the oldest of all when full. Exemplars
     * of one series must be added in the order they were reserved.
     */
    public synchronized void add(int ref, Exemplar e) {
        if (capacity == 0) {
            return;
        }
        ensureSeries(ref);
        int slot;
        if (size < capacity) {
            if (size == slotSeries.length) {
                grow();
            }
            slot = size++;
        } else {
            slot = nextSlot;
            nextSlot = (nextSlot + 1) % capacity;
            evict(slot);
        }
        slotSeries[slot] = ref;
        slotExemplar[slot] = e;
        slotNext[slot] = NONE;
        if (newest[ref] == NONE) {
            oldest[ref] = slot;
        } else {
            slotNext[newest[ref]] = slot;
        }
        newest[ref] = slot;
    }

    /**
     * The series's exemplars with timestamps in {@code [minT, maxT]}, oldest first; empty when
     * none.
     */
    public synchronized List<Exemplar> select(int ref, long minT, long maxT) {
        if (ref >= oldest.length || oldest[ref] == NONE) {
            return List.of();
        }
        List<Exemplar> out = null;
        for (int slot = oldest[ref]; slot != NONE; slot = slotNext[slot]) {
            Exemplar e = slotExemplar[slot];
            if (e.timestamp() >= minT && e.timestamp() <= maxT) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                out.add(e);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * Forgets a series the head removed: its newest reserved exemplar (the ordering state). Its
     * exemplars still in the buffer, if any, are no longer found (its ref is never used again) and
     * age out.
     */
    public synchronized void forget(int ref) {
        if (ref < reserved.length) {
            reserved[ref] = null;
        }
    }

    /** Whether the series has any exemplar in the buffer. */
    public synchronized boolean has(int ref) {
        return ref < oldest.length && oldest[ref] != NONE;
    }

    // The slot being overwritten is the oldest exemplar of all, hence the oldest of its series.
    private void evict(int slot) {
        int ref = slotSeries[slot];
        int next = slotNext[slot];
        oldest[ref] = next;
        if (next == NONE) {
            newest[ref] = NONE;
        }
        slotExemplar[slot] = null;
    }

    private void grow() {
        int cap = (int) Math.min(capacity, Math.max(INITIAL_SLOTS, 2L * slotSeries.length));
        slotSeries = Arrays.copyOf(slotSeries, cap);
        slotExemplar = Arrays.copyOf(slotExemplar, cap);
        slotNext = Arrays.copyOf(slotNext, cap);
    }

    private void ensureSeries(int ref) {
        if (ref >= oldest.length) {
            int old = oldest.length;
            int cap = Math.max(ref + 1, Math.max(64, old * 2));
            oldest = Arrays.copyOf(oldest, cap);
            newest = Arrays.copyOf(newest, cap);
            reserved = Arrays.copyOf(reserved, cap);
            Arrays.fill(oldest, old, cap, NONE);
            Arrays.fill(newest, old, cap, NONE);
        }
    }
}

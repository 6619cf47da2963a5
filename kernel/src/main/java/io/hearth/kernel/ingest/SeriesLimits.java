package io.hearth.kernel.ingest;

import io.hearth.spi.storage.ActiveSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.WorkspaceStorage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The active-series limits of the write path: a workspace's {@code limitsPerLabelSet} and the
 * server-wide series limit per workspace. A write may add samples to series the storage already
 * has without limit; a series it would create beyond a limit is refused, and the rest of the
 * request goes on (Cortex's behaviour).
 *
 * <p>Both limits count <em>active</em> series, those the storage holds in its head
 * ({@link WorkspaceStorage#activeSeries()}); a series that left the head (its samples all went to
 * blocks and the head's garbage collection removed it) frees its slot, and counts again when it
 * comes back. How a series is known to be new, cheaply:
 * <ul>
 *   <li>For label-set limits, each workspace keeps the 64-bit hashes of the active series that fall
 *       under an enforced label set ({@link SeriesHashes}) and a count per label set. Both are
 *       seeded from storage on the first write (or after the server starts, or after
 *       UpdateWorkspaceConfiguration changed the limits: the canonical limits text is compared on
 *       every write), with one {@link Querier#select} of equality matchers per label set over the
 *       active time range only, and kept up to date as this path admits new series. A write then
 *       costs a hash and a probe per series of a limited label set, and nothing for other series.
 *   <li>For the workspace-wide limit, the active series count is exact and cheap. While it plus
 *       the series of the request stays under the limit, nothing is looked up. Only near the limit
 *       does each series the hashes cannot vouch for get one existence query against the active
 *       time range, and its hash is then remembered, so a workspace at its cap asks once per
 *       series, not per write.
 *   <li>When the storage's removal counter moved (series left the head), every remembered hash
 *       and count may be stale: they are recounted from storage on the next write, as at the first.
 * </ul>
 * New series admitted but not yet committed are reserved, so concurrent writes cannot both take
 * the last slot; a failed commit gives the reservations back.
 *
 * <p>Thread-safe: one lock per workspace, held for the admission of one request.
 */
public final class SeriesLimits {

    private static final Logger LOG = Logger.getLogger(SeriesLimits.class.getName());

    private final long maxSeriesPerWorkspace;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** @param maxSeriesPerWorkspace active series a workspace may hold; 0 for no limit */
    public SeriesLimits(long maxSeriesPerWorkspace) {
        if (maxSeriesPerWorkspace < 0) {
            throw new IllegalArgumentException("hearth.ingest.max-series-per-workspace must be at least 0");
        }
        this.maxSeriesPerWorkspace = maxSeriesPerWorkspace;
    }

    /** Reads {@code hearth.ingest.max-series-per-workspace} (default 10,000,000, AMP's default quota). */
    public static SeriesLimits from(Config config) {
        return new SeriesLimits(config.getOptionalValue("hearth.ingest.max-series-per-workspace", Long.class)
                .orElse(10_000_000L));
    }

    /** A series refused by a limit: its position in the request, the reason and the message. */
    public record Refusal(int index, Rejection reason, String message) {
        public Refusal {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }
    }

    /**
     * Decides which series of a request may be stored.
     *
     * @param workspaceId the workspace
     * @param limitsPerLabelSet the workspace's canonical limits text, or null
     * @param storage the workspace's open storage
     * @param series the request's valid series, in order
     * @return the decision; the caller must {@link Admission#finish} it after committing or failing
     */
    public Admission admit(String workspaceId, String limitsPerLabelSet, WorkspaceStorage storage, List<AcceptedSeries> series) {
        State state = states.compute(workspaceId, (id, old) -> old != null && old.storage == storage
                && Objects.equals(old.limitsText, limitsPerLabelSet) ? old : State.seed(id, storage, limitsPerLabelSet));
        synchronized (state) {
            return state.admit(series, maxSeriesPerWorkspace);
        }
    }

    /** Drops what is kept for a deleted workspace. */
    public void forget(String workspaceId) {
        states.remove(workspaceId);
    }

    /** The outcome of {@link #admit}: the refused series and the reservations of the admitted new ones. */
    public static final class Admission {
        private final State state;
        private final boolean[] refused;
        private final List<Refusal> refusals;
        private final int[] reservedIndexes;
        private final long[] reservedHashes;
        private final boolean[] givenBack;
        private final long reservedSeries;
        private boolean finished;

        Admission(State state, boolean[] refused, List<Refusal> refusals, int[] reservedIndexes, long[] reservedHashes,
                long reservedSeries) {
            this.state = state;
            this.refused = refused;
            this.refusals = List.copyOf(refusals);
            this.reservedIndexes = reservedIndexes;
            this.reservedHashes = reservedHashes;
            this.givenBack = new boolean[reservedHashes.length];
            this.reservedSeries = reservedSeries;
        }

        /**
         * Says that an admitted series was not created after all (none of its points could be
         * appended), so a label-set slot it reserved is given back. Call before {@link #finish}.
         */
        public void notCreated(int index) {
            synchronized (state) {
                for (int r = 0; r < reservedIndexes.length; r++) {
                    if (reservedIndexes[r] == index) {
                        giveBack(r);
                    }
                }
            }
        }

        private void giveBack(int r) {
            if (!givenBack[r]) {
                givenBack[r] = true;
                state.release(reservedHashes[r]);
            }
        }

        /** @return whether series {@code index} of the request may be stored */
        public boolean admitted(int index) {
            return !refused[index];
        }

        /** @return the refused series, in request order */
        public List<Refusal> refusals() {
            return refusals;
        }

        /**
         * Ends the admission: after a commit the new series are in storage and count from there;
         * after a failure the reservations are given back. Idempotent.
         */
        public void finish(boolean committed) {
            if (finished) {
                return;
            }
            finished = true;
            synchronized (state) {
                state.pendingSeries -= reservedSeries;
                for (int r = 0; r < reservedHashes.length; r++) {
                    if (!committed) {
                        giveBack(r);
                    } else if (!givenBack[r]) {
                        state.pending.remove(reservedHashes[r]); // in storage now: no longer anyone's to give back
                    }
                }
            }
        }
    }

    /** What is kept per workspace; guarded by its own monitor. */
    static final class State {
        final String workspaceId;
        final WorkspaceStorage storage;
        final String limitsText;
        final LabelSetLimit[] limits;
        final long[] counts;
        /**
         * Hashes of series that exist in storage or are reserved: every series under an enforced
         * label set, plus, near the workspace cap, each other series once storage confirmed it.
         */
        final SeriesHashes known = new SeriesHashes();
        /** Series reserved by admissions not finished yet (an upper bound of the new ones). */
        long pendingSeries;
        /**
         * The reserved series not committed yet, with the admissions relying on each: a write that
         * finds a series reserved by another shares the reservation, so the other's failure cannot
         * free a slot this write goes on to fill.
         */
        final Map<Long, Reservation> pending = new java.util.HashMap<>();
        /** The storage's removal counter when the hashes and counts were last built from it. */
        private long removalsCounted;
        private final boolean anyEnforced;
        private final int defaultIndex;

        private State(String workspaceId, WorkspaceStorage storage, String limitsText, List<LabelSetLimit> limits) {
            this.workspaceId = workspaceId;
            this.storage = storage;
            this.limitsText = limitsText;
            this.limits = limits.toArray(LabelSetLimit[]::new);
            this.counts = new long[this.limits.length];
            int found = -1;
            boolean enforced = false;
            for (int i = 0; i < this.limits.length; i++) {
                enforced |= this.limits[i].enforced();
                if (this.limits[i].isDefault()) {
                    found = i;
                }
            }
            this.anyEnforced = enforced;
            this.defaultIndex = found;
        }

        /** A reserved series: the label sets it counts in and how many admissions rely on it. */
        static final class Reservation {
            final int[] sets;
            int owners = 1;

            Reservation(int[] sets) {
                this.sets = sets;
            }
        }

        /** One admission relying on a reserved series gives up; the last one frees its slots. */
        void release(long hash) {
            Reservation r = pending.get(hash);
            if (r != null && --r.owners == 0) {
                pending.remove(hash);
                known.remove(hash);
                for (int set : r.sets) {
                    counts[set]--;
                }
            }
        }

        static State seed(String workspaceId, WorkspaceStorage storage, String limitsText) {
            State state = new State(workspaceId, storage, limitsText, LabelSetLimit.parse(limitsText));
            synchronized (state) {
                state.count(storage.activeSeries());
            }
            return state;
        }

        /**
         * Rebuilds the hashes and counts from the active series: those of the enforced label sets
         * by one select each over the active time range, the others (confirmed near the cap) left
         * to be asked again. Reservations of admissions in flight stay: one the select found is in
         * storage already and counted there, the others are counted on top.
         */
        private void count(ActiveSeries active) {
            known.clear();
            java.util.Arrays.fill(counts, 0);
            removalsCounted = active.removals();
            if (anyEnforced) {
                select(active.since());
            }
            for (Iterator<Map.Entry<Long, Reservation>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Reservation> reserved = it.next();
                if (known.add(reserved.getKey())) {
                    for (int set : reserved.getValue().sets) {
                        counts[set]++;
                    }
                } else {
                    it.remove(); // committed already: nobody's to give back
                }
            }
        }

        private void select(long since) {
            long start = System.nanoTime();
            StringBuilder phases = new StringBuilder();
            try (Querier querier = storage.querier(since, Long.MAX_VALUE)) {
                for (int i = 0; i < limits.length; i++) {
                    LabelSetLimit limit = limits[i];
                    if (!limit.enforced()) {
                        continue;
                    }
                    List<LabelMatcher> matchers = limit.isDefault() ? List.of() : limit.matchers();
                    long selectStart = System.nanoTime();
                    SeriesSet set = querier.select(since, Long.MAX_VALUE, matchers);
                    long selected = System.nanoTime();
                    while (set.next()) {
                        var labels = set.at().labels();
                        if (limit.isDefault() && matchesNonDefault(labels.toPairs())) {
                            continue;
                        }
                        known.add(SeriesHashes.hash(labels));
                        counts[i]++;
                    }
                    if (set.err() != null) {
                        throw set.err();
                    }
                    phases.append(String.format(java.util.Locale.ROOT, "; %s: %d series, select %d ms, count %d ms",
                            limit.describe(), counts[i], (selected - selectStart) / 1_000_000,
                            (System.nanoTime() - selected) / 1_000_000));
                }
            }
            int counted = known.size();
            LOG.info(() -> "series limits of " + workspaceId + ": counted " + counted + " series under "
                    + limits.length + " label sets in " + (System.nanoTime() - start) / 1_000_000 + " ms" + phases);
        }

        private boolean matchesNonDefault(String[] pairs) {
            for (int i = 0; i < limits.length; i++) {
                if (i != defaultIndex && limits[i].includedIn(pairs)) {
                    return true;
                }
            }
            return false;
        }

        /** The enforced label sets a series falls under (Cortex: the default one only if no other matches). */
        private int[] enforcedSetsOf(String[] pairs) {
            if (!anyEnforced) {
                return NONE;
            }
            int[] out = NONE;
            boolean matchedAny = false;
            for (int i = 0; i < limits.length; i++) {
                if (i == defaultIndex || !limits[i].includedIn(pairs)) {
                    continue;
                }
                matchedAny = true;
                if (limits[i].enforced()) {
                    out = append(out, i);
                }
            }
            if (!matchedAny && defaultIndex >= 0 && limits[defaultIndex].enforced()) {
                out = new int[] {defaultIndex};
            }
            return out;
        }

        Admission admit(List<AcceptedSeries> series, long maxSeries) {
            int n = series.size();
            boolean[] refused = new boolean[n];
            List<Refusal> refusals = new ArrayList<>();
            List<Long> hashes = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            ActiveSeries active = null;
            if (maxSeries != 0 || anyEnforced) {
                active = storage.activeSeries();
                if (active.removals() != removalsCounted) {
                    count(active); // series left the head: what was remembered of them is stale
                }
            }
            long inStorage = maxSeries == 0 ? 0 : active.count();
            // Plenty of room: every series of the request could be new and still fit, so none is looked up.
            boolean roomy = maxSeries == 0 || inStorage + pendingSeries + n <= maxSeries;
            long reserved = 0;
            Querier querier = null;
            try {
                for (int i = 0; i < n; i++) {
                    String[] pairs = series.get(i).labelPairs();
                    int[] under = enforcedSetsOf(pairs);
                    long hash = 0;
                    if (under.length > 0) {
                        hash = SeriesHashes.hash(pairs);
                        if (known.contains(hash)) {
                            share(hash, i, hashes, indexes);
                            continue;
                        }
                        int full = fullSet(under);
                        if (full >= 0) {
                            refused[i] = true;
                            refusals.add(new Refusal(i, Rejection.PER_LABEL_SET_LIMIT, series.get(i).describe()
                                    + ": per-labelset series limit of " + limits[full].maxSeries() + " exceeded for labelSet "
                                    + limits[full].describe() + "; samples of existing series are still accepted"));
                            continue;
                        }
                    }
                    boolean remember = under.length > 0;
                    if (roomy) {
                        reserved++;
                    } else {
                        if (under.length == 0) {
                            // Near the cap: ask storage once per series, then remember the answer.
                            hash = SeriesHashes.hash(pairs);
                            if (known.contains(hash)) {
                                share(hash, i, hashes, indexes);
                                continue;
                            }
                            if (querier == null) {
                                querier = storage.querier(active.since(), Long.MAX_VALUE);
                            }
                            if (exists(querier, active.since(), pairs)) {
                                known.add(hash);
                                continue;
                            }
                            remember = true;
                        }
                        if (inStorage + pendingSeries + reserved + 1 > maxSeries) {
                            refused[i] = true;
                            refusals.add(new Refusal(i, Rejection.SERIES_LIMIT, series.get(i).describe()
                                    + ": per-workspace series limit of " + maxSeries
                                    + " exceeded; samples of existing series are still accepted"));
                            continue;
                        }
                        reserved++;
                    }
                    if (remember) {
                        known.add(hash);
                        pending.put(hash, new Reservation(under));
                        for (int set : under) {
                            counts[set]++;
                        }
                        hashes.add(hash);
                        indexes.add(i);
                    }
                }
            } finally {
                if (querier != null) {
                    querier.close();
                }
            }
            pendingSeries += reserved;
            long[] reservedHashes = new long[hashes.size()];
            for (int i = 0; i < reservedHashes.length; i++) {
                reservedHashes[i] = hashes.get(i);
            }
            return new Admission(this, refused, refusals, indexes.stream().mapToInt(Integer::intValue).toArray(), reservedHashes,
                    reserved);
        }

        /** A known series that is still only reserved by another admission: this one relies on it too. */
        private void share(long hash, int index, List<Long> hashes, List<Integer> indexes) {
            Reservation r = pending.get(hash);
            if (r != null) {
                r.owners++;
                hashes.add(hash);
                indexes.add(index);
            }
        }

        private int fullSet(int[] under) {
            for (int set : under) {
                if (counts[set] >= limits[set].maxSeries()) {
                    return set;
                }
            }
            return -1;
        }

        private static boolean exists(Querier querier, long since, String[] pairs) {
            List<LabelMatcher> matchers = new ArrayList<>(pairs.length / 2);
            for (int i = 0; i < pairs.length; i += 2) {
                matchers.add(LabelMatcher.equal(pairs[i], pairs[i + 1]));
            }
            SeriesSet set = querier.select(since, Long.MAX_VALUE, matchers);
            while (set.next()) {
                if (set.at().labels().size() * 2 == pairs.length) {
                    return true;
                }
            }
            return false;
        }

        private static final int[] NONE = new int[0];

        private static int[] append(int[] array, int value) {
            int[] out = java.util.Arrays.copyOf(array, array.length + 1);
            out[array.length] = value;
            return out;
        }
    }
}

package io.hearth.storage.head;

import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.ExemplarRejection;
import io.hearth.spi.storage.ExemplarSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.storage.exemplar.ExemplarStore;
import io.hearth.storage.record.CorruptRecordException;
import io.hearth.storage.record.ExemplarBatch;
import io.hearth.storage.record.RecordEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The exemplars of one {@link HeadAppender}, and the head's exemplar reads and replay: kept apart
 * from the sample path, which they follow step by step. {@link #append} judges an exemplar against
 * the committed state; under the commit lock, after the samples (so that the series of this batch
 * exist), {@link #reserve} judges it again and encodes the accepted ones into an exemplar record of
 * the same WAL group; once the group is durable and it is the commit's turn, {@link #apply} puts
 * them into the {@link ExemplarStore}. Used by one thread, like its appender.
 */
final class HeadExemplars {

    /** Exemplars are small; keep their records near the size of a sample record. */
    static final int EXEMPLARS_PER_RECORD = 10_000;

    private final Head head;
    private final List<ExemplarRejection> rejections = new ArrayList<>(0);
    private Labels[] series = new Labels[8];
    private Exemplar[] exemplars = new Exemplar[8];
    private int[] refs = new int[8]; // after reserve: the series ref, or -1 when refused
    private int n;

    HeadExemplars(Head head) {
        this.head = head;
    }

    /** Judges an exemplar against what is committed and buffers it unless refused or a duplicate. */
    AppendResult append(Labels s, Exemplar e) {
        if (s == null || s.isEmpty() || e == null) {
            throw new IllegalArgumentException("an exemplar needs a series with labels and an exemplar");
        }
        HeadSeries hs = head.series(s);
        AppendResult r = hs == null ? precheck(e) : head.exemplars.check(hs.ref, e);
        if (r.rejected()) {
            refuse(s, e, hs, r);
            return r;
        }
        if (r == AppendResult.DUPLICATE) {
            return r;
        }
        if (n == series.length) {
            int cap = n * 2;
            series = Arrays.copyOf(series, cap);
            exemplars = Arrays.copyOf(exemplars, cap);
            refs = Arrays.copyOf(refs, cap);
        }
        series[n] = s;
        exemplars[n++] = e;
        return AppendResult.ACCEPTED;
    }

    // the checks that need no series
    private AppendResult precheck(Exemplar e) {
        if (head.exemplars.capacity() == 0) {
            return AppendResult.UNSUPPORTED;
        }
        return e.labelRunes() > Exemplar.MAX_LABEL_SET_RUNES ? AppendResult.EXEMPLAR_LABELS_TOO_LONG : AppendResult.ACCEPTED;
    }

    private void refuse(Labels s, Exemplar e, HeadSeries hs, AppendResult r) {
        if (r == AppendResult.UNSUPPORTED) {
            return; // a disabled store refuses silently, as Prometheus's does
        }
        Exemplar last = hs == null ? null : head.exemplars.newest(hs.ref);
        long newest = r == AppendResult.OUT_OF_ORDER && last != null ? last.timestamp() : Long.MIN_VALUE;
        rejections.add(new ExemplarRejection(s, e, newest, r));
    }

    boolean isEmpty() {
        return n == 0;
    }

    /**
     * Judges and reserves every buffered exemplar and adds the accepted ones, as exemplar records,
     * to the commit's WAL group. Caller holds the commit lock, after the samples of the commit have
     * created their series.
     */
    void reserve(List<ByteBuffer> records) {
        ExemplarBatch batch = null;
        for (int i = 0; i < n; i++) {
            HeadSeries hs = head.series(series[i]);
            AppendResult r = hs == null ? AppendResult.UNKNOWN_SERIES : head.exemplars.reserve(hs.ref, exemplars[i]);
            if (r != AppendResult.ACCEPTED) {
                if (r.rejected()) {
                    refuse(series[i], exemplars[i], hs, r);
                }
                refs[i] = -1;
                continue;
            }
            refs[i] = hs.ref;
            if (batch == null) {
                batch = new ExemplarBatch();
            }
            Exemplar e = exemplars[i];
            batch.add(hs.ref, e.timestamp(), Double.doubleToRawLongBits(e.value()), e.hasTimestamp(), e.labels().toPairs());
        }
        for (int from = 0; batch != null && from < batch.size(); from += EXEMPLARS_PER_RECORD) {
            records.add(new RecordEncoder().exemplars(batch, from, Math.min(batch.size(), from + EXEMPLARS_PER_RECORD)));
        }
    }

    /** Stores the reserved exemplars; called in the commit's turn, after its WAL force. */
    void apply() {
        for (int i = 0; i < n; i++) {
            if (refs[i] >= 0) {
                head.exemplars.add(refs[i], exemplars[i]);
            }
        }
    }

    /** The refused exemplars: those refused at append, then those refused at commit. */
    List<ExemplarRejection> rejections() {
        return List.copyOf(rejections);
    }

    /**
     * Replays an exemplar record into the store.
     *
     * @return how many exemplars were stored
     * @throws CorruptRecordException if an exemplar names an unknown series or has invalid labels
     */
    static long replay(Head head, ExemplarBatch batch) throws CorruptRecordException {
        long stored = 0;
        for (int i = 0; i < batch.size(); i++) {
            long ref = batch.ref(i);
            if (head.seriesOrNull(ref) == null) {
                throw new CorruptRecordException("exemplar for unknown series ref " + ref);
            }
            Labels labels;
            try {
                labels = Labels.ofSortedPairs(batch.labels(i));
            } catch (IllegalArgumentException e) {
                throw new CorruptRecordException("exemplar " + i + ": " + e.getMessage());
            }
            Exemplar e = new Exemplar(labels, Double.longBitsToDouble(batch.valueBits(i)), batch.timestamp(i),
                    batch.hasTimestamp(i));
            // the log holds only accepted exemplars; a smaller capacity or limit now may still refuse some
            if (head.exemplars.reserve((int) ref, e) == AppendResult.ACCEPTED) {
                head.exemplars.add((int) ref, e);
                stored++;
            }
        }
        return stored;
    }

    /**
     * The exemplars in {@code [minT, maxT]} of the series matching any selector, sorted by series
     * labels.
     */
    static List<ExemplarSeries> select(Head head, long minT, long maxT, List<List<LabelMatcher>> selectors) {
        if (minT > maxT || selectors.isEmpty() || head.exemplars.size() == 0) {
            return List.of();
        }
        TreeSet<Integer> refs = new TreeSet<>();
        for (List<LabelMatcher> matchers : selectors) {
            for (int ref : head.postings.select(matchers)) {
                if (head.exemplars.has(ref)) {
                    refs.add(ref);
                }
            }
        }
        List<ExemplarSeries> out = new ArrayList<>(refs.size());
        for (int ref : refs) {
            HeadSeries s = head.series(ref);
            List<Exemplar> found = s == null ? List.of() : head.exemplars.select(ref, minT, maxT);
            if (!found.isEmpty()) {
                out.add(new ExemplarSeries(s.labels, found));
            }
        }
        out.sort(Comparator.comparing(ExemplarSeries::series));
        return out;
    }
}

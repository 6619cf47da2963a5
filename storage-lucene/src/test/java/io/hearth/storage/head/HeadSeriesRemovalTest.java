package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Head garbage collection: after a truncation, series without samples leave the table, the refs,
 * the postings, the statistics and the next WAL checkpoint; appended to again, they come back with
 * new refs, also across a replay, and an appender that looked one up before its removal loses
 * nothing. (The head alone has no blocks: samples dropped by a truncation are gone here; the
 * engine tests check that queries find them in blocks.)
 */
class HeadSeriesRemovalTest {

    private static final Labels A = Labels.of("__name__", "a");
    private static final Labels B = Labels.of("__name__", "b");
    private static final Labels C = Labels.of("__name__", "c");

    /** Fence, drop and remove as a block cut at {@code t} does. */
    private static int truncate(Head head, long t) throws Exception {
        HeadTruncation.fence(head, t);
        HeadTruncation.dropBefore(head, t);
        return HeadTruncation.removeEmptySeries(head);
    }

    private static void append(Head head, Labels l, long... ts) throws Exception {
        Appender app = head.appender();
        for (long t : ts) {
            app.append(l, t, t / 1000.0);
        }
        app.commit();
        assertEquals(List.of(), app.rejections());
    }

    /** Every series selected by {@code __name__} with its samples' timestamps. */
    private static Map<String, List<Long>> contents(Head head) {
        Map<String, List<Long>> out = new TreeMap<>();
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.regex("__name__", ".+")));
            while (set.next()) {
                List<Long> ts = new ArrayList<>();
                SampleIterator it = set.at().iterator(null);
                while (it.next() != ValueType.NONE) {
                    ts.add(it.timestamp());
                }
                out.put(set.at().labels().get("__name__"), ts);
            }
        }
        return out;
    }

    private static int[] refsOf(Head head, Labels l) {
        List<LabelMatcher> m = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            m.add(LabelMatcher.equal(l.name(i), l.value(i)));
        }
        return head.postings.select(m);
    }

    @Test
    void removesOnlySeriesLeftWithoutSamples(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            append(head, A, 1000, 2000);
            append(head, B, 1000, 5000);
            append(head, C, 6000);
            int refA = head.series(A).ref;
            assertEquals(3, head.stats().series());

            assertEquals(1, truncate(head, 5000)); // A's chunk ends before 5000; B's straddles it
            assertNull(head.series(A));
            assertNull(head.series(refA));
            assertEquals(0, refsOf(head, A).length);
            assertEquals(2, head.stats().series());
            assertEquals(List.of("b", "c"), head.postings.allValues("__name__"));
            assertEquals(Map.of("b", List.of(1000L, 5000L), "c", List.of(6000L)), contents(head));

            assertEquals(0, truncate(head, 5000), "nothing more to remove");
            assertEquals(2, truncate(head, 6000 + 1));
            assertEquals(0, head.stats().series());
            assertEquals(Map.of(), contents(head));
        }
    }

    @Test
    void aSeriesAppendedToAgainComesBackWithANewRef(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            append(head, A, 1000);
            int old = head.series(A).ref;
            assertEquals(1, truncate(head, 2000));
            append(head, A, 3000);
            HeadSeries again = head.series(A);
            assertNotEquals(old, again.ref);
            assertEquals(again.ref, refsOf(head, A)[0]);
            assertEquals(1, refsOf(head, A).length);
            assertEquals(Map.of("a", List.of(3000L)), contents(head));
            assertEquals(1, head.stats().series());
        }
    }

    /**
     * The race the removal must survive: an appender looks series up, a truncation removes them,
     * then the appender commits. Its samples must land in series created anew, selectable and
     * replayed.
     */
    @Test
    void anAppenderThatLookedASeriesUpBeforeItsRemovalLosesNothing(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            append(head, A, 1000);
            append(head, B, 1000);
            Appender late = head.appender();
            late.append(A, 3000, 3); // finds A, which is then removed
            late.append(B, 3000, 3);
            late.append(A, 4000, 4);
            assertEquals(2, truncate(head, 2000));
            late.commit();
            assertEquals(List.of(), late.rejections());
            assertEquals(Map.of("a", List.of(3000L, 4000L), "b", List.of(3000L)), contents(head));
            assertEquals(2, head.stats().series());
            HeadTruncation.checkpointWal(head, 2000);
        }
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            assertEquals(Map.of("a", List.of(3000L, 4000L), "b", List.of(3000L)), contents(head));
            assertEquals(2, head.stats().series());
        }
    }

    /**
     * The checkpoint names only the series in the head; segments after it re-create removed series
     * under new refs, and a replay of both restores everything, leaving gaps where the removed refs
     * were.
     */
    @Test
    void replayRestoresSeriesCreatedAgainAfterACheckpointThatLeftThemOut(@TempDir Path dir) throws Exception {
        int refA;
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            append(head, A, 1000);
            append(head, B, 1000, 3000);
            assertEquals(1, truncate(head, 2000));
            HeadTruncation.checkpointWal(head, 2000);
            append(head, A, 4000); // after the checkpoint: a new series record
            append(head, C, 4000);
            refA = head.series(A).ref;
        }
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            assertEquals(Map.of("a", List.of(4000L), "b", List.of(3000L), "c", List.of(4000L)), contents(head));
            assertEquals(3, head.stats().series());
            assertEquals(refA, head.series(A).ref);
            assertNull(head.series(0), "the removed ref stays a gap");
            append(head, C, 5000);
            append(head, Labels.of("__name__", "d"), 5000);
            assertEquals(refA + 2, head.series(Labels.of("__name__", "d")).ref, "refs continue after the highest");
            // again: A's new incarnation (and B) removed, checkpointed, and A created a third time
            assertEquals(2, truncate(head, 4500));
            HeadTruncation.checkpointWal(head, 4500);
            append(head, A, 6000);
        }
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            assertEquals(Map.of("a", List.of(6000L), "c", List.of(5000L), "d", List.of(5000L)), contents(head));
            assertEquals(3, head.stats().series());
        }
    }

    /**
     * A crash after a removal but before the checkpoint: the log names the removed series under its
     * old ref (with samples a block would hold) and again under its new ref. The replay keeps the
     * new one, whose samples are all there.
     */
    @Test
    void replayAfterACrashBeforeTheCheckpointKeepsTheSeriesCreatedAgain(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            append(head, A, 1000);
            append(head, B, 1000, 3000);
            assertEquals(1, truncate(head, 2000));
            append(head, A, 4000, 5000);
        }
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            HeadSeries a = head.series(A);
            assertNotNull(a);
            assertSame(a, head.series(a.ref));
            assertEquals(1, refsOf(head, A).length);
            assertEquals(Map.of("a", List.of(4000L, 5000L), "b", List.of(1000L, 3000L)), contents(head));
            assertEquals(2, head.stats().series());
            assertEquals(4, head.stats().headSamples());
        }
    }

    /** Series with exemplars in the store or out-of-order samples left stay. */
    @Test
    void seriesWithExemplarsOrOutOfOrderSamplesStay(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.withOutOfOrderWindow(10_000))) {
            Appender app = head.appender();
            app.append(A, 1000, 1);
            app.appendExemplar(A, new Exemplar(Labels.of("trace_id", "x"), 1, 1000, true));
            app.append(B, 5000, 5);
            app.commit();
            append(head, B, 3000); // out of order, after the cut below
            assertEquals(0, truncate(head, 2000), "A has an exemplar, B has samples");
            assertEquals(Map.of("a", List.of(), "b", List.of(3000L, 5000L)).get("b"), contents(head).get("b"));
            assertEquals(2, head.stats().series());
        }
    }
}

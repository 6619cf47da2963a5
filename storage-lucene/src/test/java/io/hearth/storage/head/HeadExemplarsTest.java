package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.ExemplarRejection;
import io.hearth.spi.storage.ExemplarSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.storage.testing.Directories;
import io.hearth.storage.wal.WalOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exemplars through the head: appended with samples, durable in the WAL, bounded, selected by matchers. */
class HeadExemplarsTest {

    private static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "b");
    private static final Labels OTHER = Labels.of("__name__", "other");
    private static final List<List<LabelMatcher>> UP = List.of(List.of(LabelMatcher.equal("__name__", "up")));

    private static HeadOptions options(int maxExemplars) {
        return new HeadOptions(0, HeadOptions.DEFAULT_MAX_CHUNK_SPAN_MILLIS, 0, WalOptions.defaults(), maxExemplars);
    }

    private static Exemplar ex(String trace, double v, long t) {
        return new Exemplar(Labels.of("trace_id", trace), v, t, true);
    }

    private static List<ExemplarSeries> all(Head head, List<List<LabelMatcher>> selectors) {
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return q.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, selectors);
        }
    }

    @Test
    void exemplarsCommitWithTheirSamplesAndAreSelectedSortedBySeries(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, options(100))) {
            Appender app = head.appender();
            app.append(UP_B, 1000, 1);
            app.append(UP_A, 1000, 1);
            app.append(OTHER, 1000, 1);
            assertEquals(AppendResult.ACCEPTED, app.appendExemplar(UP_B, ex("b1", 1, 1000)));
            assertEquals(AppendResult.ACCEPTED, app.appendExemplar(UP_A, ex("a1", 1, 1000)));
            assertEquals(AppendResult.ACCEPTED, app.appendExemplar(OTHER, ex("o1", 1, 1000)));
            assertEquals(List.of(), all(head, UP), "nothing is visible before commit");
            app.commit();
            assertEquals(List.of(new ExemplarSeries(UP_A, List.of(ex("a1", 1, 1000))),
                    new ExemplarSeries(UP_B, List.of(ex("b1", 1, 1000)))), all(head, UP));
            // selectors are a disjunction; a series matched twice is listed once
            assertEquals(3, all(head, List.of(List.of(LabelMatcher.equal("__name__", "other")), UP.get(0),
                    List.of(LabelMatcher.equal("job", "a")))).size());
            assertEquals(List.of(), all(head, List.of()));
            try (Querier q = head.querier(0, 999)) {
                assertEquals(List.of(), q.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, UP), "outside the querier's range");
            }
        }
    }

    @Test
    void refusalsAreListedAndDuplicatesIgnored(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, options(100))) {
            Appender first = head.appender();
            first.append(UP_A, 1000, 1);
            first.appendExemplar(UP_A, ex("a", 5, 1000));
            first.commit();

            Appender app = head.appender();
            app.append(UP_A, 2000, 1);
            assertEquals(AppendResult.DUPLICATE, app.appendExemplar(UP_A, ex("a", 5, 1000)));
            assertEquals(AppendResult.OUT_OF_ORDER, app.appendExemplar(UP_A, ex("a", 5, 999)));
            Exemplar long129 = new Exemplar(Labels.of("trace_id", "x".repeat(121)), 1, 2000, true);
            assertEquals(AppendResult.EXEMPLAR_LABELS_TOO_LONG, app.appendExemplar(UP_A, long129));
            assertEquals(AppendResult.ACCEPTED, app.appendExemplar(UP_A, ex("b", 1, 2000)));
            // accepted at append (nothing committed for it yet), refused at commit: behind the exemplar above
            assertEquals(AppendResult.ACCEPTED, app.appendExemplar(UP_A, ex("c", 1, 1500)));
            // a series without samples
            assertEquals(AppendResult.ACCEPTED, app.appendExemplar(OTHER, ex("o", 1, 2000)));
            app.commit();
            List<AppendResult> reasons = app.exemplarRejections().stream().map(ExemplarRejection::reason).toList();
            assertEquals(List.of(AppendResult.OUT_OF_ORDER, AppendResult.EXEMPLAR_LABELS_TOO_LONG,
                    AppendResult.OUT_OF_ORDER, AppendResult.UNKNOWN_SERIES), reasons);
            assertEquals(999, app.exemplarRejections().get(0).exemplar().timestamp());
            assertEquals(1000, app.exemplarRejections().get(0).newestTimestamp());
            assertEquals(List.of(new ExemplarSeries(UP_A, List.of(ex("a", 5, 1000), ex("b", 1, 2000)))), all(head, UP));
            assertEquals(List.of(), all(head, List.of(List.of(LabelMatcher.equal("__name__", "other")))));
            assertEquals(1, head.stats().series(), "the exemplar created no series");
        }
    }

    @Test
    void exemplarsSurviveReopenAndACrash(@TempDir Path dir, @TempDir Path crashed) throws Exception {
        List<ExemplarSeries> before;
        try (Head head = Head.open(dir, options(1000))) {
            for (int batch = 0; batch < 20; batch++) {
                Appender app = head.appender();
                for (int s = 0; s < 5; s++) {
                    Labels l = Labels.of("__name__", "up", "i", Integer.toString(s));
                    app.append(l, batch * 1000L, batch);
                    app.appendExemplar(l, new Exemplar(Labels.of("trace_id", batch + "-" + s), batch + 0.5, batch * 1000L,
                            s % 2 == 0));
                }
                app.commit();
            }
            before = all(head, UP);
            assertEquals(5, before.size());
            assertEquals(20, before.get(0).exemplars().size());
            Directories.copyTree(dir, crashed); // what a crash now would leave
        }
        try (Head head = Head.open(dir, options(1000))) {
            assertEquals(before, all(head, UP));
            assertTrue(all(head, UP).get(0).exemplars().get(0).hasTimestamp());
            assertEquals(false, all(head, UP).get(1).exemplars().get(0).hasTimestamp());
            // ordering state is replayed too
            Appender app = head.appender();
            assertEquals(AppendResult.OUT_OF_ORDER, app.appendExemplar(before.get(0).series(), ex("late", 1, 0)));
            app.rollback();
        }
        try (Head head = Head.open(crashed, options(1000))) {
            assertEquals(before, all(head, UP));
        }
        // a smaller store after restart keeps the newest
        try (Head head = Head.open(dir, options(10))) {
            List<ExemplarSeries> kept = all(head, UP);
            assertEquals(10, kept.stream().mapToInt(s -> s.exemplars().size()).sum());
            for (ExemplarSeries s : kept) {
                assertEquals(2, s.exemplars().size());
                assertEquals(19_000, s.exemplars().get(1).timestamp());
            }
        }
    }

    @Test
    void theBufferIsBoundedAndDropsTheOldestFirst(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, options(3))) {
            for (int t = 1; t <= 5; t++) {
                Appender app = head.appender();
                app.append(t % 2 == 0 ? UP_A : UP_B, t, t);
                app.appendExemplar(t % 2 == 0 ? UP_A : UP_B, ex("t" + t, t, t));
                app.commit();
            }
            assertEquals(List.of(new ExemplarSeries(UP_A, List.of(ex("t4", 4, 4))),
                    new ExemplarSeries(UP_B, List.of(ex("t3", 3, 3), ex("t5", 5, 5)))), all(head, UP));
        }
    }

    @Test
    void rollbackStoresNothing(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, options(10))) {
            Appender app = head.appender();
            app.append(UP_A, 1, 1);
            app.appendExemplar(UP_A, ex("a", 1, 1));
            app.rollback();
            assertEquals(List.of(), all(head, UP));
        }
        try (Head head = Head.open(dir, options(10))) {
            assertEquals(List.of(), all(head, UP));
        }
    }
}

package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageEngineFactory;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series limits count active series, the series the real storage engine holds in its head: a
 * flush moves every sample into blocks and the head's garbage collection removes the series, which
 * then no longer count, and count again when they come back.
 */
class SeriesLimitsOnStorageTest {

    private static final String WS = "ws-1";

    @TempDir
    Path dir;
    private StorageEngine engine;
    private WorkspaceStorage storage;
    /** Each write's samples are newer than everything flushed before, as a sender's are. */
    private long now = System.currentTimeMillis() - 600_000;

    @BeforeEach
    void open() throws IOException {
        StorageEngineFactory factory = null;
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class)) {
            for (StorageEngineFactory f : plugin.storageEngineFactories()) {
                if (f.name().equals("lucene")) {
                    factory = f;
                }
            }
        }
        if (factory == null) {
            throw new AssertionError("no storage engine named lucene on the class path");
        }
        // no background maintenance during a test: only the test's flushes cut blocks
        engine = factory.create(new PluginContext(dir, "us-east-1", "123456789012",
                Map.of("maintenance-interval-ms", "3600000"), IdentityDirectory.EMPTY));
        storage = engine.open(WS, dir.resolve(WS), StorageOptions.defaults());
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
        engine.close();
    }

    private static AcceptedSeries series(String... pairs) {
        String[] sorted = Labels.of(pairs).toPairs();
        return new AcceptedSeries(sorted, new long[] {1}, new double[] {1}, 1, List.of(), List.of());
    }

    private static String teamLimit(long max, String team) {
        return "[{\"limits\":{\"maxSeries\":" + max + "},\"labelSet\":{\"team\":\"" + team + "\"}}]";
    }

    /** Admits, appends one sample of each admitted series and commits, as the write path does. */
    private List<Rejection> write(SeriesLimits limits, String text, AcceptedSeries... request) throws IOException {
        SeriesLimits.Admission admission = limits.admit(WS, text, storage, List.of(request));
        Rejection[] out = new Rejection[request.length];
        admission.refusals().forEach(r -> out[r.index()] = r.reason());
        long t = now += 1000;
        Appender appender = storage.appender();
        for (int i = 0; i < request.length; i++) {
            if (admission.admitted(i)) {
                appender.append(Labels.ofSortedPairs(request[i].labelPairs()), t, 1);
            }
        }
        appender.commit();
        admission.finish(true);
        return Arrays.asList(out);
    }

    @Test
    void aWorkspaceAtItsCapWhoseSeriesLeftTheHeadTakesNewSeriesAgain() throws IOException {
        SeriesLimits limits = new SeriesLimits(3);
        write(limits, null, series("__name__", "m", "pod", "a"), series("__name__", "m", "pod", "b"),
                series("__name__", "m", "pod", "c"));
        assertEquals(Arrays.asList(Rejection.SERIES_LIMIT), write(limits, null, series("__name__", "m", "pod", "d")));

        storage.flush();
        assertEquals(0, storage.activeSeries().count(), "the flush moved every series out of the head");

        assertEquals(Arrays.asList(null, null, null), write(limits, null, series("__name__", "m", "pod", "d"),
                series("__name__", "m", "pod", "e"), series("__name__", "m", "pod", "f")));
        assertEquals(Arrays.asList(Rejection.SERIES_LIMIT), write(limits, null, series("__name__", "m", "pod", "g")));
        assertEquals(3, storage.activeSeries().count());
    }

    @Test
    void aSeriesThatLeftTheHeadCountsAgainWhenItComesBack() throws IOException {
        SeriesLimits limits = new SeriesLimits(3);
        AcceptedSeries a = series("__name__", "m", "pod", "a");
        write(limits, null, a, series("__name__", "m", "pod", "b"), series("__name__", "m", "pod", "c"));
        // At the cap every series is looked up in storage once and then remembered as existing.
        assertEquals(Arrays.asList(null, null, null), write(limits, null, a, series("__name__", "m", "pod", "b"),
                series("__name__", "m", "pod", "c")));

        storage.flush();
        write(limits, null, series("__name__", "m", "pod", "d"), series("__name__", "m", "pod", "e"));
        // a is no longer active: coming back it takes the last slot, and f finds none.
        assertEquals(Arrays.asList(null, Rejection.SERIES_LIMIT), write(limits, null, a, series("__name__", "m", "pod", "f")));
        assertEquals(3, storage.activeSeries().count(), "never over the cap");
    }

    @Test
    void aLabelSetWhoseSeriesLeftTheHeadAdmitsNewOnes() throws IOException {
        SeriesLimits limits = new SeriesLimits(0);
        String text = teamLimit(2, "a");
        AcceptedSeries a1 = series("__name__", "m", "team", "a", "pod", "1");
        write(limits, text, a1, series("__name__", "m", "team", "a", "pod", "2"));
        assertEquals(Arrays.asList(Rejection.PER_LABEL_SET_LIMIT),
                write(limits, text, series("__name__", "m", "team", "a", "pod", "3")));

        storage.flush();

        // pod 1 comes back and counts again; pod 3 takes the slot pod 2 left; pod 4 finds the set full.
        assertEquals(Arrays.asList(null, null, Rejection.PER_LABEL_SET_LIMIT), write(limits, text, a1,
                series("__name__", "m", "team", "a", "pod", "3"), series("__name__", "m", "team", "a", "pod", "4")));
    }

    @Test
    void aNewSeriesReservedAcrossAFlushKeepsItsSlot() throws IOException {
        SeriesLimits limits = new SeriesLimits(0);
        String text = teamLimit(1, "a");
        write(limits, text, series("__name__", "m", "team", "b", "pod", "1"));
        AcceptedSeries a1 = series("__name__", "m", "team", "a", "pod", "1");
        SeriesLimits.Admission inFlight = limits.admit(WS, text, storage, List.of(a1));
        assertTrue(inFlight.admitted(0));

        storage.flush(); // team b's series leaves the head, so the next write counts afresh

        assertEquals(Arrays.asList(Rejection.PER_LABEL_SET_LIMIT),
                write(limits, text, series("__name__", "m", "team", "a", "pod", "2")), "pod 1 still holds the slot");
        Appender appender = storage.appender();
        appender.append(Labels.ofSortedPairs(a1.labelPairs()), now += 1000, 1);
        appender.commit();
        inFlight.finish(true);
        assertEquals(Arrays.asList(null, Rejection.PER_LABEL_SET_LIMIT),
                write(limits, text, a1, series("__name__", "m", "team", "a", "pod", "2")));
    }

    @Test
    void afterARestartOnlyTheSeriesInTheHeadCount() throws IOException {
        String text = teamLimit(2, "a");
        SeriesLimits before = new SeriesLimits(2);
        write(before, text, series("__name__", "m", "team", "a", "pod", "1"), series("__name__", "m", "team", "a", "pod", "2"));
        storage.flush();
        storage.close();
        storage = engine.open(WS, dir.resolve(WS), StorageOptions.defaults());

        // A new process seeds its counts from the head, not from the blocks that hold pods 1 and 2.
        SeriesLimits after = new SeriesLimits(2);
        assertEquals(Arrays.asList(null, null, Rejection.PER_LABEL_SET_LIMIT), write(after, text,
                series("__name__", "m", "team", "a", "pod", "3"), series("__name__", "m", "team", "a", "pod", "4"),
                series("__name__", "m", "team", "a", "pod", "5")));
        assertTrue(storage.activeSeries().count() <= 2);
    }
}

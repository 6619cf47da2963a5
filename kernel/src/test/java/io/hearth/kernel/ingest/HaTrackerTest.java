package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HaTrackerTest {

    private static final HaTrackerSettings SETTINGS = new HaTrackerSettings(true, "cluster", "__replica__", 30_000);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final HaTracker tracker = new HaTracker(SETTINGS, clock::get);

    @Test
    void theFirstReplicaSeenIsElectedAndTheOtherIsRefused() {
        assertEquals("a", tracker.elected("ws-1", "prod", "a"));
        assertEquals("a", tracker.elected("ws-1", "prod", "b"), "b is not elected while a writes");
        clock.addAndGet(10_000);
        assertEquals("a", tracker.elected("ws-1", "prod", "a"));
        assertEquals("a", tracker.elected("ws-1", "prod", "b"));
    }

    @Test
    void clustersAndWorkspacesElectIndependently() {
        assertEquals("a", tracker.elected("ws-1", "prod", "a"));
        assertEquals("b", tracker.elected("ws-1", "staging", "b"));
        assertEquals("b", tracker.elected("ws-2", "prod", "b"));
        assertEquals("a", tracker.elected("ws-1", "prod", "b"));
    }

    @Test
    void failsOverOnceTheElectedReplicaWasSilentForTheTimeout() {
        tracker.elected("ws-1", "prod", "a");
        clock.addAndGet(29_999);
        assertEquals("a", tracker.elected("ws-1", "prod", "b"), "a is silent for 29.999 s: not yet");
        clock.addAndGet(1);
        assertEquals("b", tracker.elected("ws-1", "prod", "b"), "30 s of silence: b takes over");
        assertEquals("b", tracker.elected("ws-1", "prod", "a"), "a coming back is now the duplicate");
    }

    @Test
    void everyWriteOfTheElectedReplicaPostponesFailover() {
        tracker.elected("ws-1", "prod", "a");
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(20_000);
            assertEquals("a", tracker.elected("ws-1", "prod", "a"));
            assertEquals("a", tracker.elected("ws-1", "prod", "b"));
        }
    }

    @Test
    void refusedWritesDoNotKeepAReplicaAlive() {
        tracker.elected("ws-1", "prod", "a");
        clock.addAndGet(20_000);
        tracker.elected("ws-1", "prod", "b");
        clock.addAndGet(20_000);
        assertEquals("b", tracker.elected("ws-1", "prod", "b"), "40 s since a's last write, whatever b sent meanwhile");
    }

    @Test
    void aDeletedWorkspaceElectsAfresh() {
        tracker.elected("ws-1", "prod", "a");
        tracker.forget("ws-1");
        assertEquals("b", tracker.elected("ws-1", "prod", "b"));
    }

    @Test
    void aRequestDropsTheNonElectedReplicaAndStripsTheReplicaLabelFromTheElectedOne() {
        tracker.elected("ws-1", "prod", "a");
        ReplicaDeduplication request = new ReplicaDeduplication(tracker, "ws-1");
        String[] fromA = {"__name__", "up", "__replica__", "a", "cluster", "prod", "job", "x"};
        assertArrayEquals(new String[] {"__name__", "up", "cluster", "prod", "job", "x"}, request.admit(fromA, 3, 0));
        assertNull(request.admit(new String[] {"__name__", "up", "__replica__", "b", "cluster", "prod"}, 2, 0));
        assertNull(request.admit(new String[] {"__name__", "down", "__replica__", "b", "cluster", "prod"}, 1, 4));
        assertEquals(3, request.droppedSamples());
        assertEquals(4, request.droppedHistograms());
        assertTrue(request.message().contains("replica \"b\" of HA cluster \"prod\" is not the elected replica (\"a\")"),
                request.message());
    }

    @Test
    void aSeriesWithoutBothLabelsIsNotAnHaSeries() {
        ReplicaDeduplication request = new ReplicaDeduplication(tracker, "ws-1");
        String[] onlyCluster = {"__name__", "up", "cluster", "prod"};
        String[] onlyReplica = {"__name__", "up", "__replica__", "b"};
        String[] emptyReplica = {"__name__", "up", "__replica__", "", "cluster", "prod"};
        assertSame(onlyCluster, request.admit(onlyCluster, 1, 0));
        assertSame(onlyReplica, request.admit(onlyReplica, 1, 0));
        assertSame(emptyReplica, request.admit(emptyReplica, 1, 0));
        assertEquals(0, request.droppedSamples() + request.droppedHistograms());
        assertNull(request.message());
        assertEquals("z", tracker.elected("ws-1", "prod", "z"), "nothing was elected by those series");
    }

    @Test
    void theValidatingSinkDeduplicatesBeforeItValidates() {
        tracker.elected("ws-1", "prod", "a");
        IngestLimits limits = new IngestLimits(3, 64, 64, 600_000, false, 10);
        ValidatingSink sink = new ValidatingSink(limits, clock.get(), 86_400_000L, new ReplicaDeduplication(tracker, "ws-1"),
                new PassedNames(64), new PassedNames(256), 0, 0);
        for (String replica : new String[] {"a", "b"}) {
            sink.beginSeries();
            sink.label("__name__", "up");
            sink.label("cluster", "prod");
            sink.label("__replica__", replica);
            sink.sample(clock.get(), 1);
            sink.endSeries();
        }
        assertEquals(1, sink.accepted().size(), "b's copy is dropped; a's passes the limit of 3 labels without its replica label");
        assertArrayEquals(new String[] {"__name__", "up", "cluster", "prod"}, sink.accepted().get(0).labelPairs());
        assertTrue(sink.rejectedPoints().isEmpty(), "a duplicate is not a rejection");
    }

    @Test
    void seriesNamingTheLabelsOfAnEarlierOneAreStillDeduplicated() {
        tracker.elected("ws-1", "prod", "a");
        IngestLimits limits = new IngestLimits(3, 64, 64, 600_000, false, 10);
        ValidatingSink sink = new ValidatingSink(limits, clock.get(), 86_400_000L, new ReplicaDeduplication(tracker, "ws-1"),
                new PassedNames(64), new PassedNames(256), 0, 0);
        // an empty replica value makes no HA series: it is validated whole, and refused for that value
        for (String replica : new String[] {"", "a", "b", "", "a"}) {
            sink.beginSeries();
            sink.label("__name__", "up");
            sink.label("__replica__", replica);
            sink.label("cluster", "prod");
            sink.sample(clock.get(), 1);
            sink.endSeries();
        }
        assertEquals(2, sink.accepted().size(), "b's copy is dropped");
        for (AcceptedSeries series : sink.accepted()) {
            assertArrayEquals(new String[] {"__name__", "up", "cluster", "prod"}, series.labelPairs());
        }
        assertEquals(java.util.Map.of(Rejection.EMPTY_LABEL_VALUE, 2L), sink.rejectedPoints(), "a duplicate is not a rejection");
    }

    @Test
    void settingsReadDurationsAndRefuseNonsense() {
        assertEquals(30_000, HaTrackerSettings.millis("30s"));
        assertEquals(500, HaTrackerSettings.millis("500ms"));
        assertEquals(120_000, HaTrackerSettings.millis("2m"));
        assertEquals(3_600_000, HaTrackerSettings.millis("1h"));
        assertThrows(IllegalArgumentException.class, () -> HaTrackerSettings.millis("30"));
        assertThrows(IllegalArgumentException.class, () -> HaTrackerSettings.millis("s"));
        assertThrows(IllegalArgumentException.class, () -> new HaTrackerSettings(true, "cluster", "cluster", 1000));
        assertThrows(IllegalArgumentException.class, () -> new HaTrackerSettings(true, "cluster", "__replica__", 0));
    }
}

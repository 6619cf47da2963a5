package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PassedNamesTest {

    @Test
    void remembersWhatWasAddedAndNothingElse() {
        PassedNames names = new PassedNames(64);
        assertFalse(names.contains("job"));
        names.add("job");
        assertTrue(names.contains("job"));
        assertFalse(names.contains("instance"));
    }

    @Test
    void anEqualStringOfAnotherInstanceIsAHit() {
        PassedNames names = new PassedNames(64);
        names.add("instance");
        assertTrue(names.contains(new String("instance".toCharArray())));
    }

    @Test
    void aNameSharingItsSlotReplacesTheOlderOne() {
        PassedNames names = new PassedNames(1);
        names.add("job");
        names.add("instance");
        assertTrue(names.contains("instance"));
        assertFalse(names.contains("job"));
    }

    @Test
    void refusesASizeThatIsNotAPowerOfTwo() {
        assertEquals("slots must be a power of two: 48",
                assertThrows(IllegalArgumentException.class, () -> new PassedNames(48)).getMessage());
    }

    @Test
    void aSinkSharingRememberedNamesStillRefusesAnInvalidOne() {
        IngestLimits limits = new IngestLimits(8, 64, 64, 600_000, false, 10);
        PassedNames labelNames = new PassedNames(64);
        PassedNames metricNames = new PassedNames(64);
        for (int request = 0; request < 2; request++) {
            ValidatingSink sink = new ValidatingSink(limits, 1_800_000_000_000L, 86_400_000L, null, labelNames, metricNames, 0, 0);
            for (String[] series : new String[][] {{"__name__", "up", "job", "a"}, {"__name__", "up", "jo-b", "a"},
                {"__name__", "1up", "job", "a"}}) {
                sink.beginSeries();
                sink.label(series[0], series[1]);
                sink.label(series[2], series[3]);
                sink.sample(1_800_000_000_000L, 1);
                sink.endSeries();
            }
            assertEquals(1, sink.accepted().size(), "request " + request);
            assertEquals(1L, sink.rejectedPoints().get(Rejection.INVALID_LABEL_NAME));
            assertEquals(1L, sink.rejectedPoints().get(Rejection.INVALID_METRIC_NAME));
        }
        assertTrue(labelNames.contains("job"));
        assertFalse(labelNames.contains("jo-b"));
        assertTrue(metricNames.contains("up"));
        assertFalse(metricNames.contains("1up"));
    }
}

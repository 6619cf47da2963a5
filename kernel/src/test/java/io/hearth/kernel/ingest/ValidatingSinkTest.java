package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidatingSinkTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long DAY = 86_400_000L;
    private static final IngestLimits LIMITS = new IngestLimits(4, 10, 12, 600_000, false, 2);

    private static ValidatingSink sink() {
        return new ValidatingSink(LIMITS, NOW, 45 * DAY);
    }

    private static void series(ValidatingSink sink, long timestamp, String... labels) {
        sink.beginSeries();
        for (int i = 0; i < labels.length; i += 2) {
            sink.label(labels[i], labels[i + 1]);
        }
        sink.sample(timestamp, 1.0);
        sink.endSeries();
    }

    @Test
    void keepsValidSeriesWithSortedLabels() {
        ValidatingSink sink = sink();
        series(sink, NOW, "job", "api", "__name__", "up", "instance", "a:1");
        assertEquals(1, sink.accepted().size());
        assertArrayEquals(new String[] {"__name__", "up", "instance", "a:1", "job", "api"}, sink.accepted().get(0).labelPairs());
        assertTrue(sink.rejectedPoints().isEmpty());
    }

    @Test
    void keepsTheCreatedTimestampOfEachSeries() {
        ValidatingSink sink = sink();
        sink.beginSeries();
        sink.label("__name__", "reqs");
        sink.sample(NOW, 5);
        sink.createdTimestamp(NOW - 60_000);
        sink.endSeries();
        series(sink, NOW, "__name__", "up");
        assertEquals(NOW - 60_000, sink.accepted().get(0).createdTimestamp());
        assertEquals(0, sink.accepted().get(1).createdTimestamp(), "not carried over to the next series");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(new String[] {"job", "x"}, Rejection.MISSING_METRIC_NAME),
                Arguments.of(new String[] {"__name__", "1up"}, Rejection.INVALID_METRIC_NAME),
                Arguments.of(new String[] {"__name__", "up", "bad-name", "x"}, Rejection.INVALID_LABEL_NAME),
                Arguments.of(new String[] {"__name__", "up", "a", "x", "a", "y"}, Rejection.DUPLICATE_LABEL_NAMES),
                Arguments.of(new String[] {"__name__", "up", "a", "1", "b", "2", "c", "3", "d", "4"}, Rejection.TOO_MANY_LABELS),
                Arguments.of(new String[] {"__name__", "up", "abcdefghijk", "x"}, Rejection.LABEL_NAME_TOO_LONG),
                Arguments.of(new String[] {"__name__", "up", "a", "0123456789abc"}, Rejection.LABEL_VALUE_TOO_LONG),
                Arguments.of(new String[] {"__name__", "up", "a", ""}, Rejection.EMPTY_LABEL_VALUE));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesInvalidSeriesAndKeepsTheRest(String[] labels, Rejection reason) {
        ValidatingSink sink = sink();
        series(sink, NOW, labels);
        series(sink, NOW, "__name__", "ok");
        assertEquals(1, sink.accepted().size(), "the valid series of the request is kept");
        assertEquals(Map.of(reason, 1L), sink.rejectedPoints());
        assertEquals(1, sink.messages().size());
    }

    @Test
    void refusesSamplesTooFarAheadOrOlderThanRetentionOnePointAtATime() {
        ValidatingSink sink = sink();
        sink.beginSeries();
        sink.label("__name__", "m");
        sink.sample(NOW - 46 * DAY, 1);
        sink.sample(NOW, 2);
        sink.sample(NOW + 11 * 60_000, 3);
        sink.endSeries();
        assertEquals(1, sink.accepted().get(0).sampleCount());
        assertEquals(NOW, sink.accepted().get(0).timestamps()[0]);
        assertEquals(Map.of(Rejection.TOO_OLD, 1L, Rejection.TOO_FAR_IN_FUTURE, 1L), sink.rejectedPoints());
        assertTrue(sink.messages().get(0).startsWith("m{}: sample at"), sink.messages().get(0));
    }

    @Test
    void namesOnlyTheFirstFewRejections() {
        ValidatingSink sink = sink();
        for (int i = 0; i < 5; i++) {
            series(sink, NOW, "job", "x" + i);
        }
        assertEquals(2, sink.messages().size());
        assertEquals(5L, sink.rejectedPoints().get(Rejection.MISSING_METRIC_NAME));
        assertEquals("{job=\"x0\"}: missing metric name (__name__)", sink.messages().get(0));
    }

    @Test
    void utf8NamesAreAcceptedWhenSwitchedOn() {
        ValidatingSink sink = new ValidatingSink(new IngestLimits(4, 64, 64, 600_000, true, 2), NOW, DAY);
        series(sink, NOW, "__name__", "http.server.duration", "service.name", "api");
        assertEquals(1, sink.accepted().size());
    }
}

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
    void aRequestLargerThanItsSizeHintKeepsEverySampleOfEverySeries() {
        // sized for 4 points and 1 series, given 300 series of 3 samples: the arrays grow past the hint
        ValidatingSink sink = new ValidatingSink(LIMITS, NOW, 45 * DAY, null, new PassedNames(64), new PassedNames(256), 4, 1);
        for (int s = 0; s < 300; s++) {
            sink.beginSeries();
            sink.label("__name__", "m" + s);
            for (int i = 0; i < 3; i++) {
                sink.sample(NOW - 1000 * i, s * 10 + i);
            }
            sink.endSeries();
        }
        assertEquals(300, sink.accepted().size());
        for (int s = 0; s < 300; s++) {
            AcceptedSeries series = sink.accepted().get(s);
            assertArrayEquals(new String[] {"__name__", "m" + s}, series.labelPairs());
            assertEquals(3, series.sampleCount());
            for (int i = 0; i < 3; i++) {
                assertEquals(NOW - 1000 * i, series.timestamps()[series.firstSample() + i]);
                assertEquals(s * 10 + i, series.values()[series.firstSample() + i]);
            }
        }
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

    @ParameterizedTest
    @MethodSource("refused")
    void aSeriesNamingTheLabelsOfAnEarlierOneIsJudgedAsThoughItCameAlone(String[] labels, Rejection reason) {
        ValidatingSink sink = sink();
        // the same name instances in the same order, with values that pass: the sink may remember those names
        String[] primer = labels.clone();
        for (int i = 1; i < primer.length; i += 2) {
            primer[i] = primer[i - 1].equals("__name__") ? "ok" : "v";
        }
        series(sink, NOW, primer);
        Map<Rejection, Long> before = Map.copyOf(sink.rejectedPoints());
        int acceptedBefore = sink.accepted().size();
        series(sink, NOW, labels);
        assertEquals(acceptedBefore, sink.accepted().size(), "refused after its names passed");
        assertEquals(before.getOrDefault(reason, 0L) + 1, sink.rejectedPoints().get(reason));
        series(sink, NOW, primer);
        assertEquals(acceptedBefore * 2, sink.accepted().size(), "the primer's names pass again, or fail again");
    }

    @Test
    void aSeriesNamingTheLabelsOfAnEarlierOneKeepsItsOwnValuesSorted() {
        ValidatingSink sink = sink();
        series(sink, NOW, "__name__", "up", "instance", "a:1", "job", "api");
        series(sink, NOW, "__name__", "down", "instance", "b:2", "job", "web");
        // the same names in another order, then in the order of the first series with another instance
        series(sink, NOW, "job", "db", "__name__", "up", "instance", "c:3");
        series(sink, NOW, "__name__", "up", "instance", new String("c:3"), "job", "db");
        assertEquals(4, sink.accepted().size());
        assertArrayEquals(new String[] {"__name__", "down", "instance", "b:2", "job", "web"}, sink.accepted().get(1).labelPairs());
        assertArrayEquals(sink.accepted().get(2).labelPairs(), sink.accepted().get(3).labelPairs());
        assertTrue(sink.rejectedPoints().isEmpty());
    }

    @Test
    void equalNamesAreDuplicatesWhateverTheirOrderOrInstance() {
        ValidatingSink sink = sink();
        series(sink, NOW, "a", "x", "__name__", "up", new String("a"), "y");
        series(sink, NOW, "b", "x", "a", "1", "__name__", "up", "b", "y");
        series(sink, NOW, "__name__", "up", "a", "x", "a", "y");
        series(sink, NOW, "__name__", "up", new String("__name__"), "up");
        series(sink, NOW, "b", "x", "a", "1", "__name__", "up");
        assertEquals(Map.of(Rejection.DUPLICATE_LABEL_NAMES, 4L), sink.rejectedPoints());
        assertEquals(1, sink.accepted().size(), "distinct names pass");
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
    void eachAcceptedSeriesKeepsExactlyItsOwnSamplesAcrossRefusalsAndGrowth() {
        ValidatingSink sink = sink();
        java.util.Random random = new java.util.Random(42);
        java.util.List<long[]> expected = new java.util.ArrayList<>();
        for (int s = 0; s < 300; s++) {
            boolean invalid = s % 7 == 3;
            sink.beginSeries();
            sink.label("__name__", invalid ? "1bad" : "m");
            sink.label("s", Integer.toString(s));
            int n = random.nextInt(5);
            long[] kept = new long[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                boolean tooOld = random.nextInt(4) == 0;
                long t = tooOld ? NOW - 46 * DAY - i : NOW - s * 1000L - i;
                sink.sample(t, s * 10 + i);
                if (!tooOld) {
                    kept[k++] = t;
                }
            }
            sink.endSeries();
            if (!invalid && k > 0) {
                expected.add(java.util.Arrays.copyOf(kept, k));
            }
        }
        assertEquals(expected.size(), sink.accepted().size());
        for (int a = 0; a < expected.size(); a++) {
            AcceptedSeries series = sink.accepted().get(a);
            long[] times = java.util.Arrays.copyOfRange(series.timestamps(), series.firstSample(),
                    series.firstSample() + series.sampleCount());
            assertArrayEquals(expected.get(a), times, series.describe());
            int s = Integer.parseInt(series.labelPairs()[3]);
            for (int i = 0; i < series.sampleCount(); i++) {
                double v = series.values()[series.firstSample() + i];
                assertEquals(s, (int) v / 10, "a value of series " + s + " in its own range");
            }
        }
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

    static Stream<Arguments> refusedExemplars() {
        return Stream.of(
                Arguments.of(new String[] {}, NOW, Rejection.EXEMPLAR_LABELS_MISSING, "exemplar missing labels"),
                Arguments.of(new String[] {"trace_id", ""}, NOW, Rejection.EXEMPLAR_LABELS_MISSING, "exemplar missing labels"),
                Arguments.of(new String[] {"trace_id", "a"}, 0L, Rejection.EXEMPLAR_TIMESTAMP_INVALID, "exemplar missing timestamp"),
                Arguments.of(new String[] {"trace-id", "a"}, NOW, Rejection.EXEMPLAR_LABEL_INVALID, "invalid label"),
                Arguments.of(new String[] {"a", "1", "a", "2"}, NOW, Rejection.EXEMPLAR_LABEL_INVALID, "invalid label"),
                Arguments.of(new String[] {"trace_id", "x".repeat(121)}, NOW, Rejection.EXEMPLAR_LABELS_TOO_LONG,
                        "exemplar combined labelset exceeds 128 characters"));
    }

    @ParameterizedTest
    @MethodSource("refusedExemplars")
    void refusesInvalidExemplarsAndKeepsTheirSeries(String[] labels, long timestamp, Rejection reason, String message) {
        ValidatingSink sink = sink();
        sink.beginSeries();
        sink.label("__name__", "up");
        sink.sample(NOW, 1);
        sink.exemplar(new String[] {"trace_id", "ok"}, NOW, 2);
        sink.exemplar(labels, timestamp, 3);
        sink.endSeries();
        assertEquals(1, sink.accepted().size(), "the series stays");
        assertEquals(1, sink.accepted().get(0).exemplars().size(), "the valid exemplar stays");
        assertEquals(2, sink.accepted().get(0).exemplars().get(0).value());
        assertEquals(Map.of(reason, 1L), sink.rejectedExemplars());
        assertTrue(sink.rejectedPoints().isEmpty(), "no sample was refused");
        assertTrue(sink.messages().get(0).startsWith(message) || sink.messages().get(0).contains(message), sink.messages().get(0));
        assertTrue(sink.messages().get(0).contains("series: up{}"), sink.messages().get(0));
    }

    @Test
    void exemplarsAtTheLimitAndInUnicodeAreKept() {
        ValidatingSink sink = sink();
        sink.beginSeries();
        sink.label("__name__", "up");
        sink.sample(NOW, 1);
        sink.exemplar(new String[] {"trace_id", "x".repeat(120)}, NOW, 1);
        sink.exemplar(new String[] {"trace_id", "é".repeat(120)}, NOW + 1, 1); // 240 bytes, 128 characters
        sink.endSeries();
        assertEquals(2, sink.accepted().get(0).exemplars().size());
        assertTrue(sink.rejectedExemplars().isEmpty());
        // exemplars of the next series do not carry over
        series(sink, NOW, "__name__", "other");
        assertEquals(0, sink.accepted().get(1).exemplars().size());
    }

    @Test
    void exemplarsSentWithoutSamplesAreKeptApartFromTheSeries() {
        ValidatingSink sink = sink();
        sink.beginSeries();
        sink.label("__name__", "up");
        sink.exemplar(new String[] {"trace_id", "a"}, NOW, 1);
        sink.exemplar(new String[] {}, NOW, 1);
        sink.endSeries();
        assertTrue(sink.accepted().isEmpty(), "no samples: nothing to admit as a series");
        assertEquals(1, sink.exemplarsOnly().size());
        assertEquals(1, sink.exemplarsOnly().get(0).exemplars().size());
        assertEquals(Map.of(Rejection.EXEMPLAR_LABELS_MISSING, 1L), sink.rejectedExemplars());
        // a series without samples whose only exemplar is invalid leaves nothing behind
        sink.beginSeries();
        sink.label("__name__", "up");
        sink.exemplar(new String[] {"trace_id", "a"}, 0, 1);
        sink.endSeries();
        assertEquals(1, sink.exemplarsOnly().size());
    }
}

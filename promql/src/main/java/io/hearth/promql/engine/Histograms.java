package io.hearth.promql.engine;

import io.hearth.promql.storage.FloatHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the spi's histograms (spans of buckets) and the evaluator's (absolute bucket indices).
 *
 * <p>Public so that the conformance module's corpus run loads the scripts' histograms into a real
 * storage engine with the same conversion the query path reads them back with.
 */
public final class Histograms {

    private Histograms() {
    }

    /**
     * A stored histogram as the evaluator reads it. A stored {@code COUNTER_RESET} hint reads as
     * unknown, as Prometheus's TSDB returns it: Prometheus returns {@code UnknownCounterReset} for the
     * first histogram of every counter chunk, reset chunks included, because it cannot be sure the
     * previous chunk is still the one the reset was detected against (prometheus/prometheus#15346,
     * native histograms spec), and the query engine detects the reset again by comparison. Passing
     * the hint through made {@code sum}/{@code avg} over a series at its reset and another series
     * report "conflicting counter resets" where Prometheus does not.
     */
    public static FloatHistogram toEvaluator(io.hearth.spi.storage.FloatHistogram h) {
        int[] positive = indices(h.positiveSpans(), h.positiveBucketCount());
        int[] negative = indices(h.negativeSpans(), h.negativeBucketCount());
        FloatHistogram.Hint hint = switch (h.counterResetHint()) {
            case COUNTER_RESET -> FloatHistogram.Hint.UNKNOWN;
            case NOT_COUNTER_RESET -> FloatHistogram.Hint.NOT_RESET;
            case GAUGE -> FloatHistogram.Hint.GAUGE;
            case UNKNOWN -> FloatHistogram.Hint.UNKNOWN;
        };
        return new FloatHistogram(h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(), h.sum(), positive,
                h.positiveBuckets(), negative, h.negativeBuckets(), h.usesCustomBuckets() ? h.customValues() : null,
                hint);
    }

    /**
     * The spi's form of an evaluator histogram, custom bounds included.
     *
     * @throws IllegalArgumentException when the spi's checks refuse it
     */
    public static io.hearth.spi.storage.FloatHistogram toSpi(FloatHistogram h) {
        io.hearth.spi.storage.FloatHistogram.CounterResetHint hint = switch (h.hint == null ? FloatHistogram.Hint.UNKNOWN : h.hint) {
            case RESET -> io.hearth.spi.storage.FloatHistogram.CounterResetHint.COUNTER_RESET;
            case NOT_RESET -> io.hearth.spi.storage.FloatHistogram.CounterResetHint.NOT_COUNTER_RESET;
            case GAUGE -> io.hearth.spi.storage.FloatHistogram.CounterResetHint.GAUGE;
            case UNKNOWN -> io.hearth.spi.storage.FloatHistogram.CounterResetHint.UNKNOWN;
        };
        return new io.hearth.spi.storage.FloatHistogram(hint, h.schema, h.zeroThreshold, h.zeroCount, h.count, h.sum,
                spans(h.posIndex), h.posCount, spans(h.negIndex), h.negCount,
                h.isCustom() ? h.customValues : new double[0]);
    }

    private static int[] indices(List<io.hearth.spi.storage.FloatHistogram.Span> spans, int count) {
        int[] out = new int[count];
        int n = 0;
        int index = 0;
        boolean first = true;
        for (var span : spans) {
            index = first ? span.offset() : index + span.offset();
            first = false;
            for (int i = 0; i < span.length(); i++) {
                out[n++] = index++;
            }
        }
        return out;
    }

    private static List<io.hearth.spi.storage.FloatHistogram.Span> spans(int[] indices) {
        List<io.hearth.spi.storage.FloatHistogram.Span> spans = new ArrayList<>();
        int i = 0;
        int previousEnd = 0;
        while (i < indices.length) {
            int start = i;
            while (i + 1 < indices.length && indices[i + 1] == indices[i] + 1) {
                i++;
            }
            int offset = spans.isEmpty() ? indices[start] : indices[start] - previousEnd;
            spans.add(new io.hearth.spi.storage.FloatHistogram.Span(offset, i - start + 1));
            previousEnd = indices[i] + 1;
            i++;
        }
        return spans;
    }
}

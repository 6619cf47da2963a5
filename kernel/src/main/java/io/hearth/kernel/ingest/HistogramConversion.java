package io.hearth.kernel.ingest;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.storage.FloatHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a native histogram as sent on the wire (integer bucket deltas or float counts) into the
 * storage model's absolute float buckets, custom bucket bounds passed through.
 */
final class HistogramConversion {

    private HistogramConversion() {
    }

    /**
     * @return the storage form; custom-bucket histograms (schema -53) keep their bounds
     * @throws IllegalArgumentException when the histogram cannot be stored (a schema out of
     *     range, inconsistent spans, custom bounds that are not finite and strictly increasing, or
     *     given for an exponential schema, a negative count, a zero count with custom buckets)
     */
    static FloatHistogram toStorage(NativeHistogram h) {
        if (h.schema() != FloatHistogram.CUSTOM_BUCKETS_SCHEMA
                && (h.schema() < FloatHistogram.MIN_SCHEMA || h.schema() > FloatHistogram.MAX_SCHEMA)) {
            throw new IllegalArgumentException("histogram schema " + h.schema() + " is not supported");
        }
        List<FloatHistogram.Span> positive = spans(h.positiveSpans());
        List<FloatHistogram.Span> negative = spans(h.negativeSpans());
        double[] positiveBuckets = h.floatCounts() ? h.positiveCounts() : cumulate(h.positiveDeltas());
        double[] negativeBuckets = h.floatCounts() ? h.negativeCounts() : cumulate(h.negativeDeltas());
        if (positiveBuckets.length != total(positive) || negativeBuckets.length != total(negative)) {
            throw new IllegalArgumentException("histogram spans do not match its bucket count");
        }
        FloatHistogram.CounterResetHint hint = switch (h.resetHint()) {
            case 1 -> FloatHistogram.CounterResetHint.COUNTER_RESET;
            case 2 -> FloatHistogram.CounterResetHint.NOT_COUNTER_RESET;
            case 3 -> FloatHistogram.CounterResetHint.GAUGE;
            default -> FloatHistogram.CounterResetHint.UNKNOWN;
        };
        return new FloatHistogram(hint, h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(), h.sum(), positive,
                positiveBuckets, negative, negativeBuckets, h.customValues()).requireStorable();
    }

    /**
     * Spans as Prometheus's histogram validation and the storage's chunks require them: only the
     * first may have a negative offset (later ones are gaps after the previous run), lengths are not
     * negative, and every bucket index stays within 32 bits.
     */
    private static List<FloatHistogram.Span> spans(int[] pairs) {
        List<FloatHistogram.Span> spans = new ArrayList<>(pairs.length / 2);
        long index = 0;
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            int offset = pairs[i];
            int length = pairs[i + 1];
            if (i > 0 && offset < 0) {
                throw new IllegalArgumentException("histogram span " + i / 2 + " has a negative offset " + offset);
            }
            if (length < 0) {
                throw new IllegalArgumentException("histogram span " + i / 2 + " has a negative length "
                        + Integer.toUnsignedString(length));
            }
            index += offset + (long) length;
            if (index > Integer.MAX_VALUE || index < Integer.MIN_VALUE) {
                throw new IllegalArgumentException("histogram span " + i / 2 + " reaches bucket index " + index
                        + ", beyond 32 bits");
            }
            spans.add(new FloatHistogram.Span(offset, length));
        }
        return spans;
    }

    private static long total(List<FloatHistogram.Span> spans) {
        long n = 0;
        for (FloatHistogram.Span span : spans) {
            n += span.length();
        }
        return n;
    }

    private static double[] cumulate(long[] deltas) {
        double[] counts = new double[deltas.length];
        long running = 0;
        for (int i = 0; i < deltas.length; i++) {
            running += deltas[i];
            counts[i] = running;
        }
        return counts;
    }
}

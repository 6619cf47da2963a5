package io.hearth.storage.head;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.storage.chunk.CounterResetHint;
import io.hearth.storage.chunk.IntHistogram;
import java.util.ArrayList;
import java.util.List;

/** Conversions between the spi's histogram value and the chunk layer's reusable holders. */
public final class Histograms {

    private Histograms() {
    }

    /** Fills {@code into} from {@code h}; returns {@code into}. */
    public static io.hearth.storage.chunk.FloatHistogram toChunk(FloatHistogram h, io.hearth.storage.chunk.FloatHistogram into) {
        into.reset(hint(h.counterResetHint()), h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(), h.sum());
        for (FloatHistogram.Span s : h.positiveSpans()) {
            into.positive().addSpan(s.offset(), s.length());
        }
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            into.positive().addCount(h.positiveBucket(i));
        }
        for (FloatHistogram.Span s : h.negativeSpans()) {
            into.negative().addSpan(s.offset(), s.length());
        }
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            into.negative().addCount(h.negativeBucket(i));
        }
        for (int i = 0; i < h.customValueCount(); i++) {
            into.addCustomValue(h.customValue(i));
        }
        return into;
    }

    /** A new immutable value from a chunk holder. */
    public static FloatHistogram fromChunk(io.hearth.storage.chunk.FloatHistogram h) {
        double[] bounds = new double[h.customValueCount()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = h.customValue(i);
        }
        return new FloatHistogram(hint(h.counterResetHint()), h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(),
                h.sum(), spans(h.positive()), counts(h.positive()), spans(h.negative()), counts(h.negative()), bounds);
    }

    /** A chunk float-histogram holder from an integer one (as found in older WAL records). */
    static io.hearth.storage.chunk.FloatHistogram fromInt(IntHistogram h, io.hearth.storage.chunk.FloatHistogram into) {
        into.reset(h.counterResetHint(), h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(), h.sum());
        into.sumBits(h.sumBits());
        for (int i = 0; i < h.positive().spanCount(); i++) {
            into.positive().addSpan(h.positive().spanOffset(i), h.positive().spanLength(i));
        }
        for (int i = 0; i < h.positive().bucketCount(); i++) {
            into.positive().addCount(h.positive().count(i));
        }
        for (int i = 0; i < h.negative().spanCount(); i++) {
            into.negative().addSpan(h.negative().spanOffset(i), h.negative().spanLength(i));
        }
        for (int i = 0; i < h.negative().bucketCount(); i++) {
            into.negative().addCount(h.negative().count(i));
        }
        for (int i = 0; i < h.customValueCount(); i++) {
            into.addCustomValue(h.customValue(i));
        }
        return into;
    }

    private static List<FloatHistogram.Span> spans(io.hearth.storage.chunk.FloatHistogram.Buckets b) {
        List<FloatHistogram.Span> out = new ArrayList<>(b.spanCount());
        for (int i = 0; i < b.spanCount(); i++) {
            out.add(new FloatHistogram.Span(b.spanOffset(i), b.spanLength(i)));
        }
        return out;
    }

    private static double[] counts(io.hearth.storage.chunk.FloatHistogram.Buckets b) {
        double[] out = new double[b.bucketCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.count(i);
        }
        return out;
    }

    static CounterResetHint hint(FloatHistogram.CounterResetHint h) {
        return switch (h) {
            case UNKNOWN -> CounterResetHint.UNKNOWN;
            case COUNTER_RESET -> CounterResetHint.COUNTER_RESET;
            case NOT_COUNTER_RESET -> CounterResetHint.NOT_COUNTER_RESET;
            case GAUGE -> CounterResetHint.GAUGE;
        };
    }

    static FloatHistogram.CounterResetHint hint(CounterResetHint h) {
        return switch (h) {
            case UNKNOWN -> FloatHistogram.CounterResetHint.UNKNOWN;
            case COUNTER_RESET -> FloatHistogram.CounterResetHint.COUNTER_RESET;
            case NOT_COUNTER_RESET -> FloatHistogram.CounterResetHint.NOT_COUNTER_RESET;
            case GAUGE -> FloatHistogram.CounterResetHint.GAUGE;
        };
    }
}

package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import java.util.List;

/**
 * The value of a query with the warnings and infos raised while computing it, and Prometheus's
 * two samples statistics: the most samples the evaluation held at once ({@code peakSamples}) and
 * the samples it took in ({@code totalQueryableSamples}: a point per instant selector answer,
 * and per step the samples in each range window; the windows only when
 * {@link EngineOptions#countQueryableSamples} is on).
 */
public record Result(Value value, List<String> warnings, List<String> infos, long peakSamples, long queryableSamples) {

    /** A query value. */
    public sealed interface Value permits Scalar, Str, Vector, Matrix {}

    public record Scalar(long t, double v) implements Value {}

    public record Str(long t, String v) implements Value {}

    /** One element of an instant vector: a float, or a histogram when {@code h != null}. */
    public record Sample(Labels labels, long t, double f, FloatHistogram h) {}

    public record Vector(List<Sample> samples) implements Value {}

    /** One series of a matrix; {@code h[i] != null} marks a histogram point. */
    public record Series(Labels labels, long[] t, double[] f, FloatHistogram[] h) {
        public int size() {
            return t.length;
        }
    }

    public record Matrix(List<Series> series) implements Value {}
}

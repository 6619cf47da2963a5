package io.hearth.kernel.query;

/**
 * What {@code stats} adds to a query's {@code data}, in Prometheus's shape: the timings in seconds
 * and the samples. Hearth's engine reads series as it evaluates and writes series in the order it
 * found them, so there is no separate preparation or sort phase to time: those two are 0 and the
 * inner evaluation is the whole evaluation.
 *
 * @param queueNanos time spent waiting for one of the workspace's query slots
 * @param evalNanos time spent evaluating, once in a slot
 * @param totalQueryableSamples samples read from storage
 * @param peakSamples the most samples the evaluation held at once
 */
record QueryStatistics(long queueNanos, long evalNanos, long totalQueryableSamples, long peakSamples) {

    /** Writes {@code ,"stats":{...}} as Prometheus does (its timings through Go's JSON float form). */
    void write(JsonBytes g) throws java.io.IOException {
        String eval = PrometheusNumbers.jsonFloat(evalNanos / 1e9);
        g.raw(",\"stats\":{\"timings\":{\"evalTotalTime\":").raw(eval)
                .raw(",\"resultSortTime\":0,\"queryPreparationTime\":0,\"innerEvalTime\":").raw(eval)
                .raw(",\"execQueueTime\":").raw(PrometheusNumbers.jsonFloat(queueNanos / 1e9))
                .raw(",\"execTotalTime\":").raw(PrometheusNumbers.jsonFloat((queueNanos + evalNanos) / 1e9))
                .raw("},\"samples\":{\"totalQueryableSamples\":").number(totalQueryableSamples)
                .raw(",\"peakSamples\":").number(peakSamples).raw("}}");
    }
}

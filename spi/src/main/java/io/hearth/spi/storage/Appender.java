package io.hearth.spi.storage;

import java.io.IOException;
import java.util.List;

/**
 * One batch of writes to a workspace's storage, from {@link WorkspaceStorage#appender()}: the
 * remote_write path decodes a request into one appender, the rule evaluator writes one
 * evaluation's results through one.
 *
 * <p>{@link #append} checks a sample against what is already committed, so a sample that is
 * plainly out of order is refused at once, and buffers it. {@link #commit()} checks every buffered
 * sample again, in append order, against the committed state, earlier samples of this batch and
 * concurrent commits; it then makes the accepted ones durable (written to the write-ahead log and
 * forced) and visible to queriers opened afterwards. {@link #rollback()} drops them. Every refusal,
 * whenever it happened, is listed in {@link #rejections()}. An appender is used by one thread and is spent after commit or rollback; appenders
 * of one storage may be used concurrently from many threads.
 *
 * <p>Ordering follows Prometheus: within a series, timestamps must increase unless the storage's
 * out-of-order window admits an older one; a sample equal to a stored one (same timestamp, same
 * value bits) is accepted idempotently; a different value at a stored timestamp is refused. The
 * staleness marker ({@link StaleMarker}) is an ordinary value here.
 */
public interface Appender {

    /**
     * Appends a float sample.
     *
     * @param value any double; NaN payloads, the staleness marker included, are stored bit-exact
     * @return {@link AppendResult#OUT_OF_ORDER} if refused at once, otherwise
     *     {@link AppendResult#ACCEPTED} (the final word comes with {@link #commit()}); refusals also
     *     go to {@link #rejections()}
     * @throws IllegalStateException after commit or rollback
     */
    AppendResult append(Labels series, long timestamp, double value);

    /**
     * Appends a native histogram sample. A series holds floats or histograms at each timestamp;
     * it may switch between them over time. Callers pass only histograms that pass
     * {@link FloatHistogram#requireStorable()} (the kernel's ingest and rule evaluators check), as
     * Prometheus's TSDB accepts no others; query results such as {@code -h} do not.
     *
     * @return as for {@link #append}
     * @throws IllegalStateException after commit or rollback
     */
    AppendResult appendHistogram(Labels series, long timestamp, FloatHistogram histogram);

    /**
     * Appends a float sample with its start timestamp (Prometheus's "created timestamp": when the
     * counter the sample belongs to last started from zero, as remote write 2.0 and OTLP send it),
     * which rate-style functions use to see resets and the first increase. A storage that keeps
     * no start timestamps stores the sample as {@link #append(Labels, long, double)} does (this
     * default); one that keeps them returns them from {@link SampleIterator#startTimestamp()}.
     *
     * @param startTimestamp milliseconds since the epoch, 0 for none
     * @return as for {@link #append(Labels, long, double)}
     * @throws IllegalStateException after commit or rollback
     */
    default AppendResult append(Labels series, long timestamp, double value, long startTimestamp) {
        return append(series, timestamp, value);
    }

    /**
     * Appends a native histogram sample with its start timestamp; see
     * {@link #append(Labels, long, double, long)}.
     *
     * @param startTimestamp milliseconds since the epoch, 0 for none
     * @return as for {@link #append(Labels, long, double)}
     * @throws IllegalStateException after commit or rollback
     */
    default AppendResult appendHistogram(Labels series, long timestamp, FloatHistogram histogram, long startTimestamp) {
        return appendHistogram(series, timestamp, histogram);
    }

    /**
     * Appends an exemplar of a series, made durable and visible by {@link #commit()} together with
     * the samples. The series must exist by then: append its samples first, in this appender or an
     * earlier one.
     *
     * <p>Storage keeps a bounded number of exemplars per workspace, dropping the oldest, and checks
     * each against the series's newest exemplar as Prometheus does: the same exemplar again (labels,
     * value and timestamp) is {@link AppendResult#DUPLICATE}, accepted and not stored twice; one
     * with an older timestamp, or the same timestamp and a lower value (or equal value and labels
     * ordered before the newest's), is {@link AppendResult#OUT_OF_ORDER}; labels longer than
     * {@value Exemplar#MAX_LABEL_SET_RUNES} characters are
     * {@link AppendResult#EXEMPLAR_LABELS_TOO_LONG}. Refusals also go to
     * {@link #exemplarRejections()}.
     *
     * <p>The default, for engines that keep no exemplars, refuses every exemplar as
     * {@link AppendResult#UNSUPPORTED} without listing it.
     *
     * @return the immediate verdict against what is committed; the final word comes with
     *     {@link #commit()}
     * @throws IllegalStateException after commit or rollback
     */
    default AppendResult appendExemplar(Labels series, Exemplar exemplar) {
        return AppendResult.UNSUPPORTED;
    }

    /**
     * Writes the accepted samples durably and makes them visible. A sample made out of order or a
     * conflicting duplicate by an earlier sample of this batch or by a concurrent commit is refused
     * here and added to {@link #rejections()}.
     *
     * @throws IOException if the write-ahead log failed; nothing of the batch is acknowledged
     * @throws IllegalStateException if already committed or rolled back
     */
    void commit() throws IOException;

    /** Drops the buffered samples. Harmless after commit. */
    void rollback();

    /** The samples refused so far, in append order; empty in the common case. */
    List<Rejection> rejections();

    /**
     * The exemplars refused so far, those refused at append first, then those refused at commit;
     * empty by default.
     */
    default List<ExemplarRejection> exemplarRejections() {
        return List.of();
    }
}

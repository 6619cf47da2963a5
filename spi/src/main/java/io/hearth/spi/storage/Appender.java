package io.hearth.spi.storage;

import java.io.IOException;
import java.util.List;

/**
 * One batch of writes to a workspace's storage, from {@link WorkspaceStorage#appender()}: the
 * remote_write path decodes a request into one appender, the rule evaluator writes one
 * evaluation's results through one.
 *
 * <p>Samples are checked as they are appended (against the stored series and earlier samples of
 * this batch) and buffered; {@link #commit()} makes the accepted ones durable (written to the
 * write-ahead log and forced) and then visible to queriers opened afterwards; {@link #rollback()}
 * drops them. An appender is used by one thread and is spent after commit or rollback; appenders
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
     * @return whether the sample was accepted; refusals also go to {@link #rejections()}
     * @throws IllegalStateException after commit or rollback
     */
    AppendResult append(Labels series, long timestamp, double value);

    /**
     * Appends a native histogram sample. A series holds floats or histograms at each timestamp;
     * it may switch between them over time.
     *
     * @return whether the sample was accepted; refusals also go to {@link #rejections()}
     * @throws IllegalStateException after commit or rollback
     */
    AppendResult appendHistogram(Labels series, long timestamp, FloatHistogram histogram);

    /**
     * Writes the accepted samples durably and makes them visible. A sample a concurrent appender
     * made out of order since it was accepted is refused here and added to {@link #rejections()}.
     *
     * @throws IOException if the write-ahead log failed; nothing of the batch is acknowledged
     * @throws IllegalStateException if already committed or rolled back
     */
    void commit() throws IOException;

    /** Drops the buffered samples. Harmless after commit. */
    void rollback();

    /** The samples refused so far, in append order; empty in the common case. */
    List<Rejection> rejections();
}

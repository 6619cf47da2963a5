package io.hearth.kernel.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What keeps one workspace's queries from hurting the others: a bound on concurrent queries per
 * workspace (a query waits briefly for a slot, then is refused as Prometheus refuses an
 * overloaded engine), a bound on a range query's span, metering of samples processed per
 * workspace, and the slow-query log.
 */
@ApplicationScoped
public class QueryGuards {

    private static final Logger LOG = Logger.getLogger(QueryGuards.class.getName());
    private static final Metadata PROCESSED = Metadata.builder().withName("hearth_query_samples_processed")
            .withDescription("Samples read from storage by queries, by workspace (usage metering)").build();
    private static final Metadata QUERIES = Metadata.builder().withName("hearth_queries")
            .withDescription("Queries evaluated, by workspace and outcome").build();

    private int concurrency;
    private long maxRangeMillis;
    private long slowMillis;
    private MetricRegistry metrics;
    private final ConcurrentMap<String, Semaphore> slots = new ConcurrentHashMap<>();
    /**
     * The counters a finished query increments, by workspace and outcome: the registry's lookup
     * (tags validated, a metric id built and hashed) cost more than the rest of metering a query.
     * The registry keeps every counter it made (none of these is ever removed), so a kept one is
     * always the registered one; the map is emptied when it grows past a bound.
     */
    private final ConcurrentMap<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    private static final int MAX_KEPT_COUNTERS = 10_000;

    /** A counter by workspace and outcome; outcome null for the samples processed. */
    private record CounterKey(String workspace, String outcome) {
    }

    /** For CDI proxies only. */
    protected QueryGuards() {
    }

    @Inject
    QueryGuards(Config config, MetricRegistry metrics) {
        this.metrics = metrics;
        this.concurrency = config.getOptionalValue("hearth.query.max-concurrent-per-workspace", Integer.class).orElse(8);
        this.maxRangeMillis = config.getOptionalValue("hearth.query.max-range-millis", Long.class).orElse(32L * 86_400_000L);
        this.slowMillis = config.getOptionalValue("hearth.query.slow-log-millis", Long.class).orElse(5_000L);
    }

    /** A held query slot; close it when the query is done. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes one of the workspace's query slots, waiting up to two seconds.
     *
     * @throws PrometheusApiException unavailable (503) when none frees up
     */
    Slot acquire(String workspace) {
        Semaphore semaphore = slots.computeIfAbsent(workspace, w -> new Semaphore(concurrency, true));
        try {
            if (!semaphore.tryAcquire(2, TimeUnit.SECONDS)) {
                metrics.counter(QUERIES, new Tag("workspace", workspace), new Tag("outcome", "throttled")).inc();
                throw new PrometheusApiException("unavailable", "too many concurrent queries in workspace " + workspace
                        + " (at most " + concurrency + "); retry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusApiException("canceled", "query canceled");
        }
        return semaphore::release;
    }

    /** @throws PrometheusApiException bad_data when a range query spans more than the limit */
    void checkRange(long startMillis, long endMillis) {
        if (endMillis - startMillis > maxRangeMillis) {
            throw new PrometheusApiException("bad_data", "the query time range exceeds the limit (query length: "
                    + (endMillis - startMillis) / 1000 + "s, limit: " + maxRangeMillis / 1000 + "s)");
        }
    }

    /** Meters a finished query and logs it when slow. */
    void finished(String workspace, String query, long nanos, long samples, String outcome) {
        counter(workspace, null).inc(samples);
        counter(workspace, outcome).inc();
        long millis = nanos / 1_000_000;
        if (millis >= slowMillis) {
            LOG.warning(() -> "slow query in " + workspace + ": " + millis + " ms, " + samples + " samples: " + query);
        }
    }

    private Counter counter(String workspace, String outcome) {
        CounterKey key = new CounterKey(workspace, outcome);
        Counter c = counters.get(key);
        if (c == null) {
            if (counters.size() >= MAX_KEPT_COUNTERS) {
                counters.clear();
            }
            c = outcome == null ? metrics.counter(PROCESSED, new Tag("workspace", workspace))
                    : metrics.counter(QUERIES, new Tag("workspace", workspace), new Tag("outcome", outcome));
            counters.put(key, c);
        }
        return c;
    }

    /** @return samples processed so far by a workspace's queries */
    public long samplesProcessed(String workspace) {
        return metrics.counter(PROCESSED, new Tag("workspace", workspace)).getCount();
    }
}

package io.hearth.kernel.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per workspace, charged with the samples of each request after validation. A
 * request the bucket cannot cover is refused whole (nothing stored, HTTP 429) and takes no tokens,
 * so the sender's retry succeeds once the bucket has refilled.
 *
 * <p>Thread-safe; each bucket has its own lock, held for a few arithmetic operations.
 */
public final class IngestionRateLimiter {

    private final IngestionRate rate;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param rate the rate and burst every workspace gets
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in the server)
     */
    public IngestionRateLimiter(IngestionRate rate, LongSupplier nanoClock) {
        this.rate = rate;
        this.nanoClock = nanoClock;
    }

    /** @return the configured rate */
    public IngestionRate rate() {
        return rate;
    }

    /**
     * The answer to one request.
     *
     * @param allowed whether the samples may be written
     * @param retryAfterSeconds when refused, how long until the bucket holds enough (at least 1);
     *     for a request larger than the burst, the time to fill the whole bucket
     */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOW = new Decision(true, 0);
    }

    /** Takes {@code samples} tokens from the workspace's bucket if it holds that many. */
    public Decision tryAcquire(String workspaceId, long samples) {
        if (!rate.limited() || samples <= 0) {
            return Decision.ALLOW;
        }
        Bucket bucket = buckets.computeIfAbsent(workspaceId, id -> new Bucket(rate.burst(), nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            double elapsed = Math.max(0, now - bucket.lastNanos) / 1e9;
            bucket.tokens = Math.min(rate.burst(), bucket.tokens + elapsed * rate.samplesPerSecond());
            bucket.lastNanos = now;
            if (samples <= bucket.tokens) {
                bucket.tokens -= samples;
                return Decision.ALLOW;
            }
            double missing = Math.min(samples, rate.burst()) - bucket.tokens;
            return new Decision(false, Math.max(1, (long) Math.ceil(missing / rate.samplesPerSecond())));
        }
    }

    /** Drops the bucket of a deleted workspace. */
    public void forget(String workspaceId) {
        buckets.remove(workspaceId);
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }
    }
}

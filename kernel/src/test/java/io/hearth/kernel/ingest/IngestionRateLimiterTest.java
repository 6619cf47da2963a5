package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestionRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);

    private IngestionRateLimiter limiter(double rate, long burst) {
        return new IngestionRateLimiter(new IngestionRate(rate, burst), clock::get);
    }

    @Test
    void aFullBucketTakesTheBurstThenRefillsAtTheRate() {
        IngestionRateLimiter limiter = limiter(100, 500);
        assertTrue(limiter.tryAcquire("w", 500).allowed());
        IngestionRateLimiter.Decision refused = limiter.tryAcquire("w", 150);
        assertFalse(refused.allowed());
        assertEquals(2, refused.retryAfterSeconds(), "150 samples at 100/s: 2 s, rounded up");
        clock.addAndGet(SECOND);
        assertFalse(limiter.tryAcquire("w", 150).allowed(), "100 tokens after one second");
        clock.addAndGet(SECOND / 2);
        assertTrue(limiter.tryAcquire("w", 150).allowed(), "a refused request took nothing");
        assertFalse(limiter.tryAcquire("w", 1).allowed());
    }

    @Test
    void workspacesHaveTheirOwnBuckets() {
        IngestionRateLimiter limiter = limiter(10, 10);
        assertTrue(limiter.tryAcquire("a", 10).allowed());
        assertTrue(limiter.tryAcquire("b", 10).allowed());
        assertFalse(limiter.tryAcquire("a", 1).allowed());
    }

    @Test
    void theBucketNeverHoldsMoreThanTheBurst() {
        IngestionRateLimiter limiter = limiter(1000, 50);
        clock.addAndGet(3600 * SECOND);
        assertFalse(limiter.tryAcquire("w", 51).allowed());
        assertTrue(limiter.tryAcquire("w", 50).allowed());
    }

    @Test
    void aRequestLargerThanTheBurstIsAlwaysRefused() {
        IngestionRateLimiter limiter = limiter(10, 100);
        IngestionRateLimiter.Decision d = limiter.tryAcquire("w", 101);
        assertFalse(d.allowed());
        assertEquals(1, d.retryAfterSeconds());
    }

    @Test
    void zeroRateIsNoLimitAndBadSettingsAreRefused() {
        IngestionRateLimiter limiter = limiter(0, 0);
        assertTrue(limiter.tryAcquire("w", Long.MAX_VALUE).allowed());
        assertThrows(IllegalArgumentException.class, () -> new IngestionRate(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new IngestionRate(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new IngestionRate(Double.NaN, 10));
    }

    /** Over a random run, what was allowed never exceeds burst + rate x elapsed (the bucket's promise). */
    @Test
    void randomRequestsNeverExceedBurstPlusRateTimesTime() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        IngestionRateLimiter limiter = limiter(1000, 5000);
        long start = clock.get();
        long allowed = 0;
        for (int i = 0; i < 10_000; i++) {
            clock.addAndGet(random.nextInt(5_000_000));
            long n = 1 + random.nextInt(3000);
            if (limiter.tryAcquire("w", n).allowed()) {
                allowed += n;
            }
            double bound = 5000 + 1000 * (clock.get() - start) / 1e9;
            assertTrue(allowed <= bound + 1e-6, "seed " + seed + ": " + allowed + " > " + bound);
        }
        assertTrue(allowed > 0.9 * 1000 * (clock.get() - start) / 1e9, "seed " + seed + ": the rate is actually reachable");
    }
}

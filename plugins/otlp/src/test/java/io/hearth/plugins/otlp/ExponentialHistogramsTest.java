package io.hearth.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.ingest.NativeHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exponential buckets to native histogram spans: a table of cases, then random ones against a dumb model. */
class ExponentialHistogramsTest {

    @ParameterizedTest(name = "scale {0} offset {1} counts [{2}] -> schema {3} spans [{4}] deltas [{5}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // scale | offset | counts      | schema | spans        | deltas
        "0       | 0      | 1 2 3       | 0      | 1 3          | 1 1 1",
        "3       | -2     | 4 0 0 0 2   | 3      | -1 1 3 1     | 4 -2",
        "-4      | 5      | 7           | -4     | 6 1          | 7",
        "9       | 0      | 1 1 1 1     | 8      | 1 2          | 2 0",
        "10      | -3     | 1 1 1 1 1   | 8      | 0 2          | 3 -1",
        "2       | 0      | 0 0 0       | 2      | ''           | ''",
        "1       | 0      | ''          | 1      | ''           | ''",
    })
    void bucketsBecomeSpansAndDeltas(int scale, int offset, String counts, int schema, String spans, String deltas) {
        ExponentialHistogramDataPoint point = ExponentialHistogramDataPoint.newBuilder().setScale(scale)
                .setPositive(buckets(offset, longs(counts))).build();
        NativeHistogram h = ExponentialHistograms.convert(point, 1, false);
        assertEquals(schema, h.schema());
        assertArrayEquals(Arrays.stream(longs(spans)).mapToInt(l -> (int) l).toArray(), h.positiveSpans());
        assertArrayEquals(longs(deltas), h.positiveDeltas());
        assertEquals(0, h.negativeSpans().length);
        assertTrue(!h.floatCounts());
    }

    /**
     * The model: OTLP bucket {@code i} at scale {@code s} has upper bound {@code 2^((i+1)/2^s)};
     * the Prometheus bucket of schema {@code s-d} that holds that bound has index
     * {@code ceil((i+1) / 2^d)}. Counts of the same index add up.
     */
    @Test
    void randomBucketsMatchTheModel() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            int scale = random.nextInt(-4, 21);
            int offset = random.nextInt(-200, 200);
            long[] counts = new long[random.nextInt(0, 60)];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = random.nextInt(4) == 0 ? 0 : random.nextLong(1, 1_000);
            }
            ExponentialHistogramDataPoint point = ExponentialHistogramDataPoint.newBuilder().setScale(scale)
                    .setPositive(buckets(offset, counts)).setNegative(buckets(-offset, counts)).build();
            NativeHistogram h = ExponentialHistograms.convert(point, 1, false);
            String context = "seed " + seed + " round " + round + " scale " + scale + " offset " + offset;
            int d = Math.max(0, scale - 8);
            assertEquals(Math.min(scale, 8), h.schema(), context);
            assertEquals(model(offset, counts, d), expand(h.positiveSpans(), h.positiveDeltas(), context), context);
            assertEquals(model(-offset, counts, d), expand(h.negativeSpans(), h.negativeDeltas(), context), context);
        }
    }

    private static TreeMap<Integer, Long> model(int offset, long[] counts, int d) {
        TreeMap<Integer, Long> buckets = new TreeMap<>();
        long width = 1L << d;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                int index = (int) -Math.floorDiv(-(offset + i + 1L), width);
                buckets.merge(index, counts[i], Long::sum);
            }
        }
        return buckets;
    }

    /** Decodes spans and deltas to index and count, checking spans are non-empty and ascending. */
    private static TreeMap<Integer, Long> expand(int[] spans, long[] deltas, String context) {
        TreeMap<Integer, Long> buckets = new TreeMap<>();
        int index = 0;
        int delta = 0;
        long count = 0;
        for (int s = 0; s < spans.length; s += 2) {
            assertTrue(spans[s + 1] > 0, "empty span: " + context);
            assertTrue(s == 0 || spans[s] > 0, "spans must leave a gap: " + context);
            index += spans[s];
            for (int j = 0; j < spans[s + 1]; j++) {
                count += deltas[delta++];
                assertTrue(count > 0, "only non-empty buckets are written: " + context);
                buckets.put(index++, count);
            }
        }
        assertEquals(deltas.length, delta, context);
        return buckets;
    }

    private static ExponentialHistogramDataPoint.Buckets buckets(int offset, long[] counts) {
        ExponentialHistogramDataPoint.Buckets.Builder b = ExponentialHistogramDataPoint.Buckets.newBuilder()
                .setOffset(offset);
        for (long c : counts) {
            b.addBucketCounts(c);
        }
        return b.build();
    }

    private static long[] longs(String text) {
        return text.isBlank() ? new long[0] : Arrays.stream(text.strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }
}

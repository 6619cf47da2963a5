package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Large matrices written with an idle core's help come out byte for byte as one thread writes them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelSeriesTest {

    private static final ParallelSeries.SeriesWriter SERIES = (g, all, i) -> {
        QueryValue.RangeSeries s = all.get(i);
        g.raw(i > 0 ? ",{" : "{").string(s.labels().value(0)).raw(":[").floatPoints(s.timestamps(), s.values(), null).raw("]}");
    };

    private static List<QueryValue.RangeSeries> matrix(SplittableRandom random, int seriesCount, int maxPoints) {
        List<QueryValue.RangeSeries> series = new ArrayList<>();
        for (int s = 0; s < seriesCount; s++) {
            int points = random.nextInt(0, maxPoints + 1);
            long[] ts = new long[points];
            double[] vs = new double[points];
            for (int i = 0; i < points; i++) {
                ts[i] = 1_700_000_000_000L + i * 15_000L;
                vs[i] = random.nextBoolean() ? random.nextLong(0, 1_000_000_000L) / 100.0 : random.nextDouble();
            }
            series.add(new QueryValue.RangeSeries(Labels.of("i", Integer.toString(s)), ts, vs, null));
        }
        return series;
    }

    private static byte[] written(List<QueryValue.RangeSeries> series, boolean shared) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonBytes g = new JsonBytes(out);
        if (shared) {
            ParallelSeries.write(g, series, SERIES);
        } else {
            for (int i = 0; i < series.size(); i++) {
                SERIES.write(g, series, i);
            }
        }
        g.finish();
        return out.toByteArray();
    }

    @Test
    void largeMatricesOfEveryShapeComeOutAsOneThreadWritesThem() throws IOException {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        int[][] shapes = {{416, 1441}, {3, 60_000}, {20_000, 8}, {1, 70_000}, {2, 40_000}, {50, 3_000}};
        for (int[] shape : shapes) {
            List<QueryValue.RangeSeries> series = matrix(random, shape[0], shape[1]);
            for (int round = 0; round < 3; round++) {
                assertArrayEquals(written(series, false), written(series, true),
                        shape[0] + " series; replay with -Dtests.seed=" + seed);
            }
        }
    }

    @Test
    void partsStartAtSeriesAndCoverAllOfThem() {
        List<QueryValue.RangeSeries> series = matrix(new SplittableRandom(1), 416, 1441);
        int[] bounds = ParallelSeries.parts(series);
        assertNotNull(bounds);
        assertEquals(0, bounds[0]);
        assertEquals(416, bounds[bounds.length - 1]);
        for (int p = 1; p < bounds.length; p++) {
            assertTrue(bounds[p] > bounds[p - 1], "parts in order, none empty");
        }
        assertNull(ParallelSeries.parts(matrix(new SplittableRandom(1), 10, 100)), "a small answer is not shared");
        assertNull(ParallelSeries.parts(List.of(matrix(new SplittableRandom(1), 1, 100_000).getFirst())),
                "one series is one part");
    }

    @Test
    void aClientThatGoesAwayEndsTheAnswerWithItsError() {
        List<QueryValue.RangeSeries> series = matrix(new SplittableRandom(2), 416, 1441);
        OutputStream closing = new OutputStream() {
            long bytes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                bytes += len;
                if (bytes > 2_000_000) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            JsonBytes g = new JsonBytes(closing);
            ParallelSeries.write(g, series, SERIES);
            g.finish();
        });
        assertEquals("Broken pipe", e.getMessage());
    }

    @Test
    void aFailureOnAnyThreadFailsTheAnswer() {
        List<QueryValue.RangeSeries> series = matrix(new SplittableRandom(3), 416, 1441);
        for (int failing : new int[] {0, 200, 415}) {
            ParallelSeries.SeriesWriter broken = (g, all, i) -> {
                if (i == failing) {
                    throw new IllegalStateException("series " + i);
                }
                SERIES.write(g, all, i);
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ParallelSeries.write(new JsonBytes(OutputStream.nullOutputStream()), series, broken));
            assertEquals("series " + failing, e.getMessage());
        }
    }

    @Test
    void aClientThatReadsNothingHoldsBackTheWorkers() throws Exception {
        List<QueryValue.RangeSeries> series = matrix(new SplittableRandom(4), 416, 1441);
        int[] bounds = ParallelSeries.parts(series);
        assertTrue(bounds.length - 1 > ParallelSeries.AHEAD + 2, "enough parts for the test");
        AtomicInteger furthest = new AtomicInteger(-1);
        ParallelSeries.SeriesWriter watching = (g, all, i) -> {
            int part = 0;
            while (bounds[part + 1] <= i) {
                part++;
            }
            furthest.accumulateAndGet(part, Math::max);
            SERIES.write(g, all, i);
        };
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                received.write(b, off, len);
            }
        };
        Thread answering = Thread.ofPlatform().start(() -> {
            try {
                JsonBytes g = new JsonBytes(stalled);
                ParallelSeries.write(g, series, watching);
                g.finish();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(blocked.await(30, TimeUnit.SECONDS));
        Thread.sleep(300); // time for the workers to run as far as they may
        // the first bytes out are part 0's: nothing is appended yet, so parts 0 to AHEAD at most have started
        assertTrue(furthest.get() <= ParallelSeries.AHEAD, "furthest part started: " + furthest.get());
        release.countDown();
        answering.join(30_000);
        assertArrayEquals(written(series, false), received.toByteArray());
    }
}

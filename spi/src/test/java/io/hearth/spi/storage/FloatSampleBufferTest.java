package io.hearth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batch read's buffer against plain lists: appends one at a time and in reserved runs, growth
 * past the first capacity, start timestamps kept only once one is not 0 (earlier samples reading
 * 0), and clear forgetting them.
 */
class FloatSampleBufferTest {

    @Test
    void holdsWhatWasAppendedSingleOrInRuns() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        Random rnd = new Random(seed);
        FloatSampleBuffer buf = new FloatSampleBuffer(1);
        for (int round = 0; round < 200; round++) {
            buf.clear();
            assertNull(buf.startTimestamps());
            int n = 0;
            long[] ts = new long[4096];
            double[] vs = new double[4096];
            long[] st = new long[4096];
            boolean anyStart = false;
            for (int op = 0; op < 20; op++) {
                if (rnd.nextBoolean()) {
                    long s = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(100) : 0;
                    buf.add(n, n * 0.5, s);
                    ts[n] = n;
                    vs[n] = n * 0.5;
                    st[n] = s;
                    anyStart |= s != 0;
                    n++;
                } else {
                    int run = rnd.nextInt(100);
                    int at = buf.reserve(run);
                    assertEquals(n, at, "seed " + seed);
                    int used = run == 0 ? 0 : rnd.nextInt(run + 1);
                    for (int i = 0; i < used; i++) {
                        buf.timestamps()[at + i] = n + i;
                        buf.values()[at + i] = (n + i) * 0.5;
                        ts[n + i] = n + i;
                        vs[n + i] = (n + i) * 0.5;
                        st[n + i] = 0;
                    }
                    buf.commit(used);
                    n += used;
                }
                assertEquals(n, buf.size(), "seed " + seed);
                assertArrayEquals(Arrays.copyOf(ts, n), Arrays.copyOf(buf.timestamps(), n), "seed " + seed);
                assertArrayEquals(Arrays.copyOf(vs, n), Arrays.copyOf(buf.values(), n), "seed " + seed);
                if (anyStart) {
                    assertArrayEquals(Arrays.copyOf(st, n), Arrays.copyOf(buf.startTimestamps(), n), "seed " + seed);
                } else {
                    assertNull(buf.startTimestamps(), "seed " + seed);
                }
            }
        }
    }

    @Test
    void keepsTheStalenessMarkerBitExact() {
        FloatSampleBuffer buf = new FloatSampleBuffer(4);
        buf.add(1, StaleMarker.VALUE, 0);
        assertEquals(StaleMarker.BITS, Double.doubleToRawLongBits(buf.values()[0]));
    }
}

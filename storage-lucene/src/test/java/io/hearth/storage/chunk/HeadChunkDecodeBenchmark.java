package io.hearth.storage.chunk;

import io.hearth.spi.storage.FloatSampleBuffer;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a sample of head data costs to batch-decode (issue 6), per representation: the head's
 * 120-sample XOR chunks against packed chunks (run layout 2, as blocks write them) of 120 samples
 * and of eight and twelve such chunks, each read as a query reads it, its first sample stepped to
 * and the rest copied into a {@link FloatSampleBuffer} ({@code copyUpTo}). The data is shaped as
 * {@code dev/bench-query}'s: counters (two-decimal seconds) and gauges (integer bytes, two-decimal
 * loads, full-precision floats) at 15 s, half of the series on the exact grid and half with a
 * scrape jitter of a few milliseconds. Prints ns per sample and bytes per sample of each, best of
 * {@code -Dhearth.bench.repeats=7} rounds. Skipped unless {@code -Dhearth.bench=true};
 * {@code -Dhearth.bench.series=800}, {@code -Dhearth.bench.samples=1440}, {@code -Dhearth.bench.kind=0..3} (one
 * kind of value only: counter, bytes, load, full-precision), {@code -Dhearth.bench.jitter=true|false} (all series
 * jittered or none).
 */
class HeadChunkDecodeBenchmark {

    private static final long STEP = 15_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final int ONLY_KIND = Integer.getInteger("hearth.bench.kind", -1);
    private static final Boolean JITTER =
            System.getProperty("hearth.bench.jitter") == null ? null : Boolean.getBoolean("hearth.bench.jitter");

    @Test
    void benchmark() {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        int seriesCount = Integer.getInteger("hearth.bench.series", 800);
        int samples = Integer.getInteger("hearth.bench.samples", 1440);
        int repeats = Integer.getInteger("hearth.bench.repeats", 7);
        Random rnd = new Random(1);
        long[][] ts = new long[seriesCount][samples];
        long[][] vs = new long[seriesCount][samples];
        for (int s = 0; s < seriesCount; s++) {
            boolean jitter = JITTER == null ? (s & 1) == 1 : JITTER;
            int kind = ONLY_KIND >= 0 ? ONLY_KIND : (s >> 1) % 4;
            double level = 1000 + rnd.nextInt(100_000);
            for (int i = 0; i < samples; i++) {
                ts[s][i] = T0 + i * STEP + (jitter ? rnd.nextInt(6) : 0);
                double v = switch (kind) {
                    case 0 -> level += Math.round(rnd.nextDouble() * 1500) / 100.0; // cpu seconds counter
                    case 1 -> (double) (8_000_000_000L + rnd.nextInt(1 << 24) * 4096L); // bytes gauge
                    case 2 -> Math.round(rnd.nextDouble() * 400) / 100.0; // load gauge
                    default -> level + rnd.nextGaussian(); // full-precision float
                };
                vs[s][i] = Double.doubleToRawLongBits(v);
            }
        }
        String[] names = {"xor 120", "packed 120", "packed 960", "packed 1440"};
        int[] sizes = {120, 120, 960, 1440};
        for (int k = 0; k < names.length; k++) {
            boolean xor = k == 0;
            int per = sizes[k];
            int chunksPer = (samples + per - 1) / per;
            byte[][] chunks = new byte[seriesCount * chunksPer][];
            long[] base = new long[chunks.length];
            long bytes = 0;
            PackedChunkWriter writer = new PackedChunkWriter();
            for (int s = 0; s < seriesCount; s++) {
                for (int c = 0; c < chunksPer; c++) {
                    int from = c * per;
                    int n = Math.min(per, samples - from);
                    int at = s * chunksPer + c;
                    if (xor) {
                        XorChunk x = new XorChunk();
                        ChunkAppender a = x.appender();
                        for (int i = from; i < from + n; i++) {
                            a.append(ts[s][i], Double.longBitsToDouble(vs[s][i]));
                        }
                        chunks[at] = x.bytes();
                    } else {
                        chunks[at] = writer.encode(java.util.Arrays.copyOfRange(ts[s], from, from + n),
                                java.util.Arrays.copyOfRange(vs[s], from, from + n), n, ts[s][from], PackedChunk.LAYOUT_2);
                    }
                    base[at] = ts[s][from];
                    bytes += chunks[at].length;
                }
            }
            XorChunk.XorIterator xi = new XorChunk.XorIterator();
            PackedChunk.PackedIterator pi = new PackedChunk.PackedIterator();
            FloatSampleBuffer into = new FloatSampleBuffer(samples);
            long best = Long.MAX_VALUE;
            long check = 0;
            for (int r = 0; r < repeats + 3; r++) { // three rounds warm up
                long t0 = System.nanoTime();
                for (int s = 0; s < seriesCount; s++) {
                    into.clear();
                    for (int c = 0; c < chunksPer; c++) {
                        int at = s * chunksPer + c;
                        byte[] b = chunks[at];
                        if (xor) {
                            xi.reset(b, 0, b.length, false);
                            xi.next();
                            into.add(xi.atT(), xi.atV(), 0);
                            int o = into.reserve(xi.remaining());
                            into.commit(xi.copyUpTo(Long.MAX_VALUE, into.timestamps(), into.values(), o));
                        } else {
                            pi.reset(b, 0, b.length, base[at], PackedChunk.LAYOUT_2);
                            pi.next();
                            into.add(pi.atT(), pi.atV(), 0);
                            int o = into.reserve(pi.remaining());
                            into.commit(pi.copyUpTo(Long.MAX_VALUE, into.timestamps(), into.values(), o));
                        }
                    }
                    if (into.size() != samples || into.timestamps()[samples - 1] != ts[s][samples - 1]
                            || Double.doubleToRawLongBits(into.values()[samples - 1]) != vs[s][samples - 1]) {
                        throw new AssertionError(names[k] + ": series " + s + " decoded wrong");
                    }
                    check += into.timestamps()[samples / 2];
                }
                long took = System.nanoTime() - t0;
                if (r >= 3) {
                    best = Math.min(best, took);
                }
            }
            double total = (double) seriesCount * samples;
            System.out.printf(Locale.ROOT, "%-12s %6.2f ns/sample  %5.2f B/sample  (%d)%n", names[k], best / total,
                    bytes / total, check & 1);
        }
    }
}

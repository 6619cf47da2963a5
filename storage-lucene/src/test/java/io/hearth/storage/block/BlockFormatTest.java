package io.hearth.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.compact.Compactor;
import io.hearth.storage.testing.Seeded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks with packed float chunks and blocks in the older 120-sample XOR layout, written, read
 * back and compacted together, against a plain map of the samples written.
 */
@ExtendWith(Seeded.class)
class BlockFormatTest {

    private static final long STALE_NAN = 0x7ff0000000000002L;
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    record Sample(long t, long st, long bits) {
    }

    /** Float series of every kind the bench has (counters, gauges, noise, constants, a stale end), one with start timestamps. */
    private static TreeMap<Labels, List<Sample>> model(Random r, long from, long to) {
        TreeMap<Labels, List<Sample>> m = new TreeMap<>();
        for (int s = 0; s < 40; s++) {
            int kind = s % 5;
            List<Sample> samples = new ArrayList<>();
            long units = r.nextInt(1_000_000);
            long interval = s == 7 ? 1_000 : 15_000; // one series beyond a packed chunk's 1,024 samples per hour
            for (long t = from + r.nextInt(15_000); t < to; t += interval) {
                if (r.nextInt(50) == 0) {
                    continue; // a missed scrape
                }
                units += r.nextInt(3_000);
                long bits = switch (kind) {
                    case 0 -> Double.doubleToRawLongBits(units / 100.0);
                    case 1 -> Double.doubleToRawLongBits(4096.0 * (units % 10_000));
                    case 2 -> Double.doubleToRawLongBits(0.004 + 0.0002 * r.nextGaussian());
                    case 3 -> Double.doubleToRawLongBits(1.0);
                    default -> r.nextInt(30) == 0 ? STALE_NAN : r.nextLong();
                };
                long st = s == 3 && samples.size() > 20 ? from - 1_000 : 0;
                samples.add(new Sample(t + r.nextInt(6), st, bits));
            }
            if (kind == 0) {
                samples.add(new Sample(samples.get(samples.size() - 1).t() + 1, 0, STALE_NAN));
            }
            m.put(Labels.of("__name__", "m" + (s % 7), "i", Integer.toString(s)), samples);
        }
        return m;
    }

    /** The model as the series set a block is written from. */
    private static SeriesSet seriesSet(TreeMap<Labels, List<Sample>> model) {
        List<Map.Entry<Labels, List<Sample>>> entries = new ArrayList<>(model.entrySet());
        return new SeriesSet() {
            int i = -1;

            @Override
            public boolean next() {
                return ++i < entries.size();
            }

            @Override
            public Series at() {
                Map.Entry<Labels, List<Sample>> e = entries.get(i);
                return new Series() {
                    @Override
                    public Labels labels() {
                        return e.getKey();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        return listIterator(e.getValue());
                    }
                };
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }

    private static SampleIterator listIterator(List<Sample> samples) {
        return new SampleIterator() {
            int i = -1;

            @Override
            public ValueType next() {
                return ++i < samples.size() ? ValueType.FLOAT : ValueType.NONE;
            }

            @Override
            public ValueType seek(long t) {
                while (i < samples.size() && (i < 0 || samples.get(i).t() < t)) {
                    i++;
                }
                return i < samples.size() ? ValueType.FLOAT : ValueType.NONE;
            }

            @Override
            public long timestamp() {
                return samples.get(i).t();
            }

            @Override
            public double value() {
                return Double.longBitsToDouble(samples.get(i).bits());
            }

            @Override
            public FloatHistogram histogram() {
                throw new IllegalStateException("floats only");
            }

            @Override
            public long startTimestamp() {
                return samples.get(i).st();
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }

    private static void assertBlockHolds(TreeMap<Labels, List<Sample>> expected, Block block) {
        assertTrue(block.acquire(), "the block is open"); // the querier releases it
        try (BlockQuerier q = new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            SampleIterator it = null;
            for (Map.Entry<Labels, List<Sample>> e : expected.entrySet()) {
                assertTrue(set.next(), "series " + e.getKey() + " missing");
                assertEquals(e.getKey(), set.at().labels());
                it = set.at().iterator(it);
                int i = 0;
                for (Sample s : e.getValue()) {
                    assertEquals(ValueType.FLOAT, it.next(), e.getKey() + " sample " + i + " missing, err " + it.err());
                    assertEquals(s.t(), it.timestamp(), e.getKey() + " t of sample " + i);
                    assertEquals(s.st(), it.startTimestamp(), e.getKey() + " start of sample " + i);
                    assertEquals(s.bits(), Double.doubleToRawLongBits(it.value()), e.getKey() + " bits of sample " + i);
                    i++;
                }
                assertEquals(ValueType.NONE, it.next());
                assertNull(it.err());
            }
            assertTrue(!set.next(), "no more series");
            assertNull(set.err());
        }
        assertEquals(0, block.corruptChunks());
    }

    /** The encoding ids of a block's chunk frames, in stream order. */
    private static List<Encoding> encodings(Block block) throws IOException {
        List<Encoding> out = new ArrayList<>();
        for (int i = 0; i < block.meta().series(); i++) {
            for (long offset : block.entries().apply(i).offset()) {
                ByteBuffer b = block.chunks().read(offset, 1);
                out.add(Encoding.of(b.get(b.position())));
            }
        }
        return out;
    }

    @Test
    void packedAndOlderXorBlocksReadBackAndCompactIntoPackedChunks(Random r) throws IOException {
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace("ws", dir);
        Path blocksDir = dir.resolve("blocks");
        java.nio.file.Files.createDirectories(blocksDir);
        TreeMap<Labels, List<Sample>> first = model(r, T0, T0 + HOUR);
        TreeMap<Labels, List<Sample>> second = model(r, T0 + HOUR + 10, T0 + 2 * HOUR);
        BlockMeta old = BlockWriter.write(blocksDir, space, seriesSet(first), 1, List.of(), List.of(), T0 + HOUR, false);
        BlockMeta current = BlockWriter.write(blocksDir, space, seriesSet(second), 1, List.of(), List.of(), T0 + 2 * HOUR);
        try (Blocks blocks = Blocks.open(blocksDir, space)) {
            Block a = blocks.list().stream().filter(b -> b.meta().id().equals(old.id())).findFirst().orElseThrow();
            Block b = blocks.list().stream().filter(x -> x.meta().id().equals(current.id())).findFirst().orElseThrow();
            assertBlockHolds(first, a);
            assertBlockHolds(second, b);
            assertTrue(encodings(a).stream().allMatch(e -> e == Encoding.XOR || e == Encoding.XOR_ST), "older layout: " + encodings(a));
            assertTrue(encodings(b).contains(Encoding.PACKED) && !encodings(b).contains(Encoding.XOR), "new layout: " + encodings(b));
            // chunk stream version 3: packed chunks' first timestamps are relative to the index's minT,
            // and their runs have layout 2 (version 1 streams, absolute, are LegacyBlockIndexTest's
            // fixture, version 2 streams ChunkStreamV2Test's)
            ByteBuffer header = b.chunks().read(0, ChunkFrames.HEADER.length);
            assertEquals(3, header.get(header.position() + 4));
            double packedPerSample = (double) current.chunkBytes() / current.samples();
            double xorPerSample = (double) old.chunkBytes() / old.samples();
            assertTrue(packedPerSample < xorPerSample, "packed " + packedPerSample + " B/sample, XOR " + xorPerSample);

            Compactor.compact(blocks, List.of(a, b), T0 + 3 * HOUR);
            assertEquals(1, blocks.list().size());
            Block merged = blocks.list().get(0);
            TreeMap<Labels, List<Sample>> both = new TreeMap<>();
            first.forEach((k, v) -> both.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            second.forEach((k, v) -> both.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            assertBlockHolds(both, merged);
            List<Encoding> mergedEncodings = encodings(merged);
            assertTrue(!mergedEncodings.contains(Encoding.XOR), "compaction re-encodes older chunks: " + mergedEncodings);
            // one packed chunk per series, but for the one with 1 s samples (over 1,024 in its two hours)
            // and the one whose samples gain start timestamps (XOR_ST from then on)
            long packed = mergedEncodings.stream().filter(e -> e == Encoding.PACKED).count();
            assertTrue(packed >= both.size() && packed <= both.size() + 8, packed + " packed chunks for " + both.size() + " series");
        }
        // and the merged block opens again from disk
        try (Blocks reopened = Blocks.open(blocksDir, space)) {
            TreeMap<Labels, List<Sample>> both = new TreeMap<>();
            first.forEach((k, v) -> both.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            second.forEach((k, v) -> both.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            assertBlockHolds(both, reopened.list().get(0));
        }
    }
}

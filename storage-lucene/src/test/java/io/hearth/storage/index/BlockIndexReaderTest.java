package io.hearth.storage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries read back from a written block index: every series's bytes as written, whether read in
 * position order (as selects do, through the sequential reader), backwards, at random, or by
 * several readers at once.
 */
class BlockIndexReaderTest {

    @TempDir
    Path dir;

    @Test
    void entriesReadBackAsWrittenInAnyOrder() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        int series = 5_000; // several compressed blocks of stored fields
        List<byte[]> written = new ArrayList<>();
        try (BlockIndexWriter w = new BlockIndexWriter(dir)) {
            for (int i = 0; i < series; i++) {
                byte[] entry = new byte[random.nextInt(1, 400)];
                random.nextBytes(entry);
                written.add(entry);
                w.add(Labels.of("__name__", "m", "i", String.format("%06d", i)), entry);
            }
            w.finish();
        }
        try (BlockIndexReader r = new BlockIndexReader(dir)) {
            assertEquals(series, r.size());
            int[] all = r.select(List.of(new LabelMatcher(LabelMatcher.Type.EQUAL, "__name__", "m")));
            assertEquals(series, all.length);
            IntFunction<byte[]> forward = r.entries();
            for (int p : all) {
                assertArrayEquals(written.get(p), forward.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
            }
            IntFunction<byte[]> backward = r.entries();
            IntFunction<byte[]> other = r.entries(); // interleaved with the backward reader
            for (int p = series - 1; p >= 0; p--) {
                assertArrayEquals(written.get(p), backward.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
                int q = random.nextInt(series);
                assertArrayEquals(written.get(q), other.apply(q), "position " + q + "; replay with -Dtests.seed=" + seed);
            }
            for (int p : r.select(List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "i", "00.*7")))) {
                assertArrayEquals(written.get(p), r.entry(p));
            }
        }
    }
}

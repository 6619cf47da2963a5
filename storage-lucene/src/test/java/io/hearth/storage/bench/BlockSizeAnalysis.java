package io.hearth.storage.bench;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bytes per sample on disk of the storage bench's dataset written as blocks, without a server:
 * reads the file conformance's {@code SeriesDump} writes, shifts it so that a 2 h block boundary
 * falls in its middle ({@code -Dalign=straddle}, the default) or so that it starts on one
 * ({@code -Dalign=inside}), writes one block per 2 h range with {@link BlockWriter} (as the head's
 * cut and {@code /-/flush} do) and prints the bytes per sample of the chunk streams, the series
 * files, the Lucene files and the metas. Usage: {@code BlockSizeAnalysis <dump> <scratch dir>}.
 */
public final class BlockSizeAnalysis {

    private static final long RANGE = 2 * 3_600_000L;
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"([^\"]*)\"");

    private BlockSizeAnalysis() {
    }

    private record Data(Labels labels, long[] t, long[] v) {
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        String align = System.getProperty("align", "straddle");
        List<Data> all = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long samples = 0;
        try (SeriesDumpReader in = new SeriesDumpReader(dump)) {
            while (in.next()) {
                String name = in.name();
                long[] t = in.timestamps();
                long[] v = in.valueBits();
                int n = t.length;
                int brace = name.indexOf('{');
                List<String> pairs = new ArrayList<>(List.of("__name__", name.substring(0, brace)));
                Matcher m = LABEL.matcher(name.substring(brace));
                while (m.find()) {
                    pairs.add(m.group(1));
                    pairs.add(m.group(2));
                }
                all.add(new Data(Labels.of(pairs.toArray(String[]::new)), t, v));
                first = Math.min(first, t[0]);
                last = Math.max(last, t[n - 1]);
                samples += n;
            }
        }
        all.sort(Comparator.comparing(Data::labels));
        // the shift that puts a boundary in the middle of the data, or its start just after one
        long span = last - first;
        long target = align.equals("inside") ? Math.floorDiv(first, RANGE) * RANGE + RANGE + 60_000
                : Math.floorDiv(first, RANGE) * RANGE + RANGE - span / 2;
        long shift = target - first;
        Path blocks = dir.resolve("blocks");
        Files.createDirectories(blocks);
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace(dir.getFileName().toString(), dir);
        long now = System.currentTimeMillis();
        long from = Math.floorDiv(first + shift, RANGE) * RANGE;
        long t0 = System.nanoTime();
        for (long lo = from; lo <= last + shift; lo += RANGE) {
            BlockMeta meta = BlockWriter.write(blocks, space, seriesSet(all, shift, lo, lo + RANGE), 1, List.of(), List.of(), now++);
            System.out.printf(Locale.ROOT, "block %s: %,d series, %,d samples, %,d chunks%n", meta.id(), meta.series(), meta.samples(),
                    meta.chunks());
        }
        System.out.printf(Locale.ROOT, "written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                String kind = f.getParent().getFileName().toString().equals("chunks") ? "chunk stream"
                        : name.equals("meta") ? "meta" : name.equals("series") ? "series file"
                        : "lucene " + (name.startsWith("segments") ? "segments_N" : name.substring(name.lastIndexOf('.') + 1));
                sizes.merge(kind, Files.size(f), Long::sum);
            }
        }
        long total = 0;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            System.out.printf(Locale.ROOT, "%-20s %,12d bytes %7.4f B/sample %8.2f B/series%n", e.getKey(), e.getValue(),
                    (double) e.getValue() / samples, (double) e.getValue() / all.size());
            total += e.getValue();
        }
        System.out.printf(Locale.ROOT, "%-20s %,12d bytes %7.4f B/sample %8.2f B/series (%,d series, %,d samples, %s)%n", "total",
                total, (double) total / samples, (double) total / all.size(), all.size(), samples, align);
    }

    /** The samples of {@code [lo, hi)} after the shift, as the series set a block is written from. */
    private static SeriesSet seriesSet(List<Data> all, long shift, long lo, long hi) {
        return new SeriesSet() {
            int at = -1;

            @Override
            public boolean next() {
                return ++at < all.size();
            }

            @Override
            public Series at() {
                Data d = all.get(at);
                return new Series() {
                    @Override
                    public Labels labels() {
                        return d.labels();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        return new Samples(d, shift, lo, hi);
                    }
                };
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }

    private static final class Samples implements SampleIterator {
        private final Data d;
        private final long shift;
        private final long hi;
        private int i = -1;

        Samples(Data d, long shift, long lo, long hi) {
            this.d = d;
            this.shift = shift;
            this.hi = hi;
            while (i + 1 < d.t().length && d.t()[i + 1] + shift < lo) {
                i++;
            }
        }

        @Override
        public ValueType next() {
            if (i + 1 < d.t().length && d.t()[i + 1] + shift < hi) {
                i++;
                return ValueType.FLOAT;
            }
            i = d.t().length;
            return ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long timestamp() {
            return d.t()[i] + shift;
        }

        @Override
        public double value() {
            return Double.longBitsToDouble(d.v()[i]);
        }

        @Override
        public FloatHistogram histogram() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RuntimeException err() {
            return null;
        }
    }
}

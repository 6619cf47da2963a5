package io.hearth.storage.chunk;

import io.hearth.storage.bench.SeriesDumpReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where the bits of {@link PackedChunk}s go on the storage bench's dataset: bits per sample of
 * timestamps and of values, by metric kind and by the value coding chosen, the per-chunk fixed
 * part, and how many significant decimal digits the values coded as XOR would need. Reads the
 * series file conformance's {@code SeriesDump} writes ({@code -Dhearth.bench.series=/tmp/hearth-series.bin});
 * skipped unless {@code -Dhearth.bench=true}. Also runnable as a main with the file as argument.
 */
final class PackedChunkAnalysis {

    /** The run layout analysed: blocks' ({@code -Dhearth.bench.layout=1} for the first). */
    private static final int LAYOUT = Integer.getInteger("hearth.bench.layout", PackedChunk.LAYOUT_2);

    @Test
    void analyse() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        main(new String[] {System.getProperty("hearth.bench.series", "/tmp/hearth-series.bin")});
    }

    /** Bits of one group of series. */
    private static final class Tally {
        long series;
        long samples;
        long timeBits;
        long timeFixedBits; // the column's header and exceptions: everything but the packed offsets
        long valueBits;
        long valueFixedBits; // the same for values (for XOR: the value-kind byte)

        void add(Tally t) {
            series += t.series;
            samples += t.samples;
            timeBits += t.timeBits;
            timeFixedBits += t.timeFixedBits;
            valueBits += t.valueBits;
            valueFixedBits += t.valueFixedBits;
        }

        String line(String name, long allSamples) {
            return String.format("%-28s %6d series %5.1f%% of samples  time %6.2f b/s (hdr+exc %5.2f)  value %6.2f b/s (hdr+exc %5.2f)"
                    + "  total %5.3f B/s, %5.3f B/s of all", name, series, 100.0 * samples / allSamples,
                    (double) timeBits / samples, (double) timeFixedBits / samples, (double) valueBits / samples,
                    (double) valueFixedBits / samples, (timeBits + valueBits) / 8.0 / samples,
                    (timeBits + valueBits) / 8.0 / allSamples);
        }
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/hearth-series.bin");
        PackedChunkWriter writer = new PackedChunkWriter();
        PackedColumnWriter columns = new PackedColumnWriter();
        Map<String, Tally> byKind = new TreeMap<>();
        Map<String, Tally> byCoding = new TreeMap<>();
        Map<String, Tally> byMetric = new TreeMap<>();
        Map<Integer, Long> xorDigits = new TreeMap<>();
        long[] xorModeSamples = new long[1];
        long totalSamples = 0;
        long totalBytes = 0;
        long seriesCount;
        java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        java.util.List<Long> bases = new java.util.ArrayList<>(); // each chunk's first timestamp, as a block's index holds it
        PackedChunk.PackedIterator it = new PackedChunk.PackedIterator();
        try (SeriesDumpReader in = new SeriesDumpReader(file)) {
            seriesCount = in.count();
            while (in.next()) {
                String name = in.name();
                long[] t = in.timestamps();
                long[] v = in.valueBits();
                int n = t.length;
                byte[] chunk = writer.encode(t, v, n, t[0], LAYOUT); // as blocks write them
                chunks.add(chunk);
                bases.add(t[0]);
                it.reset(chunk, 0, chunk.length, t[0], LAYOUT);
                for (int i = 0; i < n; i++) {
                    if (!it.next() || it.atT() != t[i] || it.atVBits() != v[i]) {
                        throw new AssertionError(name + " does not round-trip at " + i);
                    }
                }
                BitWriter meta = new BitWriter(32);
                BitWriter packed = new BitWriter(n);
                meta.writeUvarint(n);
                if (LAYOUT == PackedChunk.LAYOUT_1) {
                    columns.write(t, n, meta, packed, t[0], LAYOUT);
                } else {
                    columns.writeWithoutFirst(t, n, meta, packed, LAYOUT);
                }
                int valueKind = chunk[meta.byteLength()] & 0xFF;
                if (LAYOUT == PackedChunk.LAYOUT_2 && (valueKind & ~PackedChunkWriter.DECIMAL_EXPONENT_BITS) == PackedChunkWriter.DECIMAL_SPECIALS) {
                    valueKind &= PackedChunkWriter.DECIMAL_EXPONENT_BITS; // decimal with specials
                }
                Tally tally = new Tally();
                tally.series = 1;
                tally.samples = n;
                tally.timeFixedBits = 8L * meta.byteLength();
                tally.timeBits = 8L * (meta.byteLength() + packed.byteLength());
                tally.valueBits = 8L * chunk.length - tally.timeBits;
                tally.valueFixedBits = tally.valueBits - 8L * valueDataBytes(chunk, meta.byteLength(), packed.byteLength());
                String kind = kindOf(name, v, n);
                String coding = valueKind == PackedChunkWriter.VALUES_XOR ? "xor" : valueKind == PackedChunkWriter.VALUES_RAW ? "raw bits" : "decimal e=" + valueKind;
                byKind.computeIfAbsent(kind, k -> new Tally()).add(tally);
                byCoding.computeIfAbsent(coding, k -> new Tally()).add(tally);
                byMetric.computeIfAbsent(coding.charAt(0) + " " + name.substring(0, name.indexOf('{')), k -> new Tally()).add(tally);
                if (valueKind == PackedChunkWriter.VALUES_XOR) {
                    for (int i = 0; i < n; i++) {
                        xorDigits.merge(significantDigits(v[i]), 1L, Long::sum);
                    }
                    xorModeSamples[0] += n;
                }
                totalSamples += n;
                totalBytes += chunk.length;
            }
        }
        System.out.printf("%,d series, %,d samples, %,d chunk bytes: %.3f B/sample (chunk payload only, no frames)%n",
                seriesCount, totalSamples, totalBytes, (double) totalBytes / totalSamples);
        long best = Long.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < 7; pass++) {
            long d0 = System.nanoTime();
            for (int c = 0; c < chunks.size(); c++) {
                byte[] chunk = chunks.get(c);
                it.reset(chunk, 0, chunk.length, bases.get(c), LAYOUT);
                while (it.next()) {
                    sink += it.atVBits();
                }
            }
            best = Math.min(best, System.nanoTime() - d0);
        }
        System.out.printf("decode (best of 7 passes over all chunks): %.1f M samples/s (%d)%n", totalSamples / (best / 1e3), sink & 1);
        Tally all = new Tally();
        long allSamples = totalSamples;
        System.out.println("-- by kind");
        for (var e : byKind.entrySet()) {
            System.out.println(e.getValue().line(e.getKey(), totalSamples));
            all.add(e.getValue());
        }
        System.out.println(all.line("all", totalSamples));
        System.out.println("-- the 25 metric names (d: decimal, r: raw bits, x: XOR) taking most bytes");
        byMetric.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().timeBits + b.getValue().valueBits, a.getValue().timeBits + a.getValue().valueBits))
                .limit(25).forEach(e -> System.out.println(e.getValue().line(e.getKey(), allSamples)));
        System.out.println("-- by value coding");
        for (var e : byCoding.entrySet()) {
            System.out.println(e.getValue().line(e.getKey(), totalSamples));
        }
        System.out.println("-- significant decimal digits of XOR-coded values (shortest round-trip form)");
        for (var e : xorDigits.entrySet()) {
            System.out.printf("%2d digits: %5.1f%%%n", e.getKey(), 100.0 * e.getValue() / xorModeSamples[0]);
        }
    }

    /** Bytes of the value data after the two metas and the timestamps: the chunk's tail. */
    private static int valueDataBytes(byte[] chunk, int timeMetaBytes, int timePackedBytes) {
        PackedChunk.PackedIterator probe = new PackedChunk.PackedIterator();
        probe.reset(chunk, 0, chunk.length, 0, LAYOUT); // the value data's length does not depend on the base
        return probe.valueDataBytes();
    }

    private static String kindOf(String name, long[] v, int n) {
        boolean constant = true;
        for (int i = 1; i < n && constant; i++) {
            constant = v[i] == v[0];
        }
        String metric = name.substring(0, name.indexOf('{'));
        String kind;
        if (metric.endsWith("_bucket")) {
            kind = "histogram _bucket";
        } else if (metric.endsWith("_sum") || metric.endsWith("_count")) {
            kind = "histogram/summary _sum/_count";
        } else if (name.contains("quantile=")) {
            kind = "summary quantile";
        } else if (metric.endsWith("_total") || metric.startsWith("node_vmstat_pg")) {
            kind = "counter";
        } else {
            kind = "gauge";
        }
        return constant ? "constant (" + kind + ")" : kind;
    }

    private static int significantDigits(long bits) {
        double d = Double.longBitsToDouble(bits);
        if (!Double.isFinite(d) || d == 0) {
            return 0;
        }
        String s = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().unscaledValue().abs().toString();
        return s.length();
    }
}

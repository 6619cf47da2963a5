package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** JsonBytes against the JSON-P generator (Parsson) it stands in for: the same bytes for the same values. */
class JsonBytesTest {

    private interface Write {
        void to(JsonBytes out) throws IOException;
    }

    private static byte[] mine(Write w) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonBytes json = new JsonBytes(out);
            w.to(json);
            json.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] parssonString(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartArray().write(s).writeEnd();
        }
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOfRange(all, 1, all.length - 1); // without [ ]
    }

    @Test
    void everyCharacterIsEscapedAsParssonEscapesIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "a" + (char) c + "b";
            assertEquals(new String(parssonString(s), StandardCharsets.ISO_8859_1),
                    new String(mine(out -> out.string(s)), StandardCharsets.ISO_8859_1), "character U+" + Integer.toHexString(c));
        }
    }

    @Test
    void randomStringsComeOutAsParssonWritesThem() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(0, 40_000 / (1 + random.nextInt(100)));
            for (int j = 0; j < len; j++) {
                int kind = random.nextInt(10);
                b.append(kind < 6 ? (char) random.nextInt(0x20, 0x7F) : kind < 8 ? (char) random.nextInt(0, 0x20)
                        : kind < 9 ? (char) random.nextInt(0x80, 0x800) : Character.toChars(random.nextInt(0x10000, 0x10FFFF))[0]);
            }
            String s = b.toString();
            assertEquals(new String(parssonString(s), StandardCharsets.ISO_8859_1),
                    new String(mine(out -> out.string(s)), StandardCharsets.ISO_8859_1), "replay with -Dtests.seed=" + seed);
        }
    }

    @Test
    void numbersTimestampsAndValues() {
        assertEquals("0,-1,9223372036854775807,-9223372036854775808", new String(mine(out -> out.number(0).raw(',').number(-1)
                .raw(',').number(Long.MAX_VALUE).raw(',').number(Long.MIN_VALUE)), StandardCharsets.US_ASCII));
        assertEquals("1435781451,1435781451.780,-1.500,0", new String(mine(out -> out.timestamp(1_435_781_451_000L).raw(',')
                .timestamp(1_435_781_451_780L).raw(',').timestamp(-1_500).raw(',').timestamp(0)), StandardCharsets.US_ASCII));
        assertEquals("\"-3\",\"0\",\"-0\",\"1.5\",\"NaN\",\"+Inf\",\"100000000000000000000\"", new String(mine(out -> out
                .value(-3).raw(',').value(0.0).raw(',').value(-0.0).raw(',').value(1.5).raw(',').value(Double.NaN).raw(',')
                .value(Double.POSITIVE_INFINITY).raw(',').value(1e20)), StandardCharsets.US_ASCII));
    }

    @Test
    void longsOfEveryLengthAsLongToStringWritesThem() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), new String(mine(out -> out.number(v)), StandardCharsets.US_ASCII),
                    "replay with -Dtests.seed=" + seed);
        }
        for (long p = 1; p > 0 && p < Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p}) {
                assertEquals(Long.toString(v), new String(mine(out -> out.number(v)), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void timestampsAsPrometheusNumbersWritesThem() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            long t = switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong(-5_000, 5_000);
                default -> 1_700_000_000_000L + random.nextLong(0, 86_400_000L);
            };
            assertEquals(PrometheusNumbers.timestamp(t).toString(), new String(mine(out -> out.timestamp(t)), StandardCharsets.US_ASCII),
                    "timestamp " + t + "; replay with -Dtests.seed=" + seed);
        }
        for (long t : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1, 1, 999, -999, 1000, -1000, 1001}) {
            assertEquals(PrometheusNumbers.timestamp(t).toString(), new String(mine(out -> out.timestamp(t)), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void valuesAsPrometheusNumbersWritesThem() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> Math.round(random.nextDouble() * Math.pow(10, random.nextInt(1, 15))) / Math.pow(10, random.nextInt(0, 5));
                case 2 -> random.nextInt(-100_000, 100_000) / 1000.0;
                default -> (random.nextBoolean() ? -1 : 1) * random.nextDouble() * Math.pow(10, random.nextInt(-6, 14));
            };
            assertEquals("\"" + PrometheusNumbers.value(v) + "\"", new String(mine(out -> out.value(v)), StandardCharsets.US_ASCII),
                    "value " + v + "; replay with -Dtests.seed=" + seed);
        }
    }

    @Test
    void doublesInStatsAreWrittenAsTheGeneratorWroteThem() {
        for (double d : new double[] {0.000123, 1.5, 12.0, 1e-9, 0.1 + 0.2}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = Json.createGenerator(out)) {
                g.writeStartArray().write(d).writeEnd();
            }
            assertEquals(out.toString(StandardCharsets.UTF_8), "[" + Double.toString(d) + "]");
        }
    }

    @Test
    void longOutputsPassTheBufferBoundaries() {
        String big = "x".repeat(50_000) + "\n" + "é".repeat(30_000);
        assertEquals(new String(parssonString(big), StandardCharsets.ISO_8859_1),
                new String(mine(out -> out.string(big)), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aLargeAnswerReachesTheStreamInFewWritesOfAtMostTheLargestBuffer() throws IOException {
        long[] t = new long[200_000];
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_700_000_000_000L + 15_000L * i;
            v[i] = i * 0.25;
        }
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
                all.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
                all.write(b, off, len);
            }
        };
        JsonBytes json = new JsonBytes(counting);
        json.floatPoints(t, v, null);
        json.finish();
        byte[] expected = mine(out -> out.floatPoints(t, v, null));
        assertEquals(new String(expected, StandardCharsets.US_ASCII), all.toString(StandardCharsets.US_ASCII));
        // 200,000 points of about 25 bytes: some 5 MB, in pieces of the largest buffer but the last
        assertTrue(expected.length > 4_000_000, "answer of " + expected.length + " bytes");
        assertTrue(writes.stream().allMatch(n -> n <= JsonBytes.MAX_BUFFER), writes.toString());
        assertTrue(writes.size() <= expected.length / (JsonBytes.MAX_BUFFER - 1024) + 1,
                writes.size() + " writes");
    }

    @Test
    void floatPointsAreThePointsWrittenOneByOneWithoutTheHistogramOnes() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        io.hearth.spi.storage.FloatHistogram h = new io.hearth.spi.storage.FloatHistogram(
                io.hearth.spi.storage.FloatHistogram.CounterResetHint.UNKNOWN, 0, 0, 0, 1, 1, java.util.List.of(), new double[0],
                java.util.List.of(), new double[0], new double[0]);
        for (int round = 0; round < 200; round++) {
            int count = random.nextInt(0, 3_000); // past the buffer's end, more than once
            // grids of whole seconds (written from the last timestamp's text), across digit carries and growth
            long start = new long[] {1_700_000_000_000L, 9_999_990_000L, 99_000, 10_000, 0, -50_000, 999_999_999_000L}[round % 7];
            long step = new long[] {15_000, 1_000, 99_000, 100_000, 60_000, 1, 500, 0, -1}[round % 9]; // 0: the same again, -1: random
            long[] ts = new long[count];
            double[] vs = new double[count];
            io.hearth.spi.storage.FloatHistogram[] hs = round % 2 == 0 ? null : new io.hearth.spi.storage.FloatHistogram[count];
            for (int i = 0; i < count; i++) {
                ts[i] = i == 0 ? start : ts[i - 1] + (step >= 0 ? step : random.nextBoolean() ? 15_000 : random.nextLong(1, 20_000));
                vs[i] = switch (i % 3) {
                    case 0 -> Double.longBitsToDouble(random.nextLong());
                    case 1 -> random.nextLong(0, 1_000_000_000L) / 100.0;
                    default -> random.nextDouble();
                };
                if (hs != null && random.nextInt(4) == 0) {
                    hs[i] = h;
                }
            }
            byte[] expected = mine(out -> {
                boolean first = true;
                for (int i = 0; i < count; i++) {
                    if (hs == null || hs[i] == null) {
                        out.raw(first ? "[" : ",[").timestamp(ts[i]).raw(',').value(vs[i]).raw(']');
                        first = false;
                    }
                }
            });
            assertEquals(new String(expected, StandardCharsets.US_ASCII),
                    new String(mine(out -> out.raw("x").floatPoints(ts, vs, hs)), StandardCharsets.US_ASCII).substring(1),
                    "replay with -Dtests.seed=" + seed);
        }
    }
}

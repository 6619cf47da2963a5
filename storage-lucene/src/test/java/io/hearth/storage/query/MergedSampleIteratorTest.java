package io.hearth.storage.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.FloatSampleBuffer;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The merge of a series's parts against a model: every timestamp once, from the earliest part
 * holding it, under random sequences of next and seek, with parts that overlap, interleave, repeat
 * timestamps or follow one another (the usual case: blocks, then the head).
 */
class MergedSampleIteratorTest {

    /** One part: sorted timestamps with values naming the part, so the model can tell which part won. */
    private record Part(long[] t, double[] v) implements Series {
        @Override
        public Labels labels() {
            return Labels.of("a", "b");
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            return new SampleIterator() {
                int i = -1;

                @Override
                public ValueType next() {
                    return ++i < t.length ? ValueType.FLOAT : ValueType.NONE;
                }

                @Override
                public ValueType seek(long target) {
                    if (i < 0) {
                        i = 0;
                    }
                    while (i < t.length && t[i] < target) {
                        i++;
                    }
                    return i < t.length ? ValueType.FLOAT : ValueType.NONE;
                }

                @Override
                public long timestamp() {
                    return t[i];
                }

                @Override
                public double value() {
                    return v[i];
                }

                @Override
                public FloatHistogram histogram() {
                    throw new IllegalStateException();
                }

                @Override
                public RuntimeException err() {
                    return null;
                }
            };
        }
    }

    private static Part part(SplittableRandom random, int index, long from, int count) {
        long[] t = new long[count];
        double[] v = new double[count];
        long at = from;
        for (int i = 0; i < count; i++) {
            at += random.nextInt(1, 4);
            t[i] = at;
            v[i] = index * 1_000_000 + at;
        }
        return new Part(t, v);
    }

    @Test
    void mergesAsTheModelUnderRandomNextAndSeek() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        MergedSampleIterator it = new MergedSampleIterator();
        for (int round = 0; round < 3_000; round++) {
            int parts = random.nextInt(1, 5);
            boolean disjoint = random.nextBoolean();
            Series[] series = new Series[parts];
            TreeMap<Long, Double> model = new TreeMap<>();
            long from = 0;
            for (int p = 0; p < parts; p++) {
                int count = random.nextInt(0, 60);
                Part part = part(random, p, disjoint ? from : random.nextInt(0, 100), count);
                if (disjoint && count > 0) {
                    from = part.t()[count - 1] + random.nextInt(0, 2) - 1; // touching: one shared timestamp at most
                }
                series[p] = part;
                for (int i = 0; i < count; i++) {
                    model.putIfAbsent(part.t()[i], part.v()[i]); // the earlier part wins a tie
                }
            }
            it.reset(series);
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            Long at = null; // the model's current timestamp
            boolean started = false;
            for (int op = 0; op < 80; op++) {
                ValueType type;
                if (random.nextInt(4) == 0) {
                    long target = random.nextInt(0, 260);
                    type = it.seek(target);
                    if (!started || (at != null && at < target)) {
                        at = model.ceilingKey(target);
                    }
                    started = true;
                } else {
                    type = it.next();
                    at = !started ? (model.isEmpty() ? null : model.firstKey()) : at == null ? null : model.higherKey(at);
                    started = true;
                }
                expected.add(at == null ? "none" : at + "=" + model.get(at));
                actual.add(type == ValueType.NONE ? "none" : it.timestamp() + "=" + it.value());
                if (at == null) {
                    break;
                }
            }
            assertEquals(expected, actual, "round " + round + "; replay with -Dtests.seed=" + seed);
        }
    }

    @Test
    void batchReadsCopyWhatStepwiseReadsGive() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        MergedSampleIterator fast = new MergedSampleIterator();
        MergedSampleIterator slow = new MergedSampleIterator();
        FloatSampleBuffer a = new FloatSampleBuffer(4);
        FloatSampleBuffer b = new FloatSampleBuffer(4);
        for (int round = 0; round < 3_000; round++) {
            int parts = random.nextInt(1, 5);
            boolean disjoint = random.nextBoolean();
            Series[] series = new Series[parts];
            long from = 0;
            for (int p = 0; p < parts; p++) {
                int count = random.nextInt(0, 60);
                Part part = part(random, p, disjoint ? from : random.nextInt(0, 100), count);
                if (disjoint && count > 0) {
                    from = part.t()[count - 1] + random.nextInt(0, 2) - 1;
                }
                series[p] = part;
            }
            fast.reset(series);
            slow.reset(series);
            // the spi's default batch read, stepping the same merge one sample at a time
            SampleIterator stepping = new SampleIterator() {
                @Override
                public ValueType next() {
                    return slow.next();
                }

                @Override
                public ValueType seek(long t) {
                    return slow.seek(t);
                }

                @Override
                public long timestamp() {
                    return slow.timestamp();
                }

                @Override
                public double value() {
                    return slow.value();
                }

                @Override
                public FloatHistogram histogram() {
                    return slow.histogram();
                }

                @Override
                public RuntimeException err() {
                    return slow.err();
                }
            };
            a.clear();
            b.clear();
            String where = "round " + round + "; replay with -Dtests.seed=" + seed;
            if (random.nextBoolean()) {
                long target = random.nextInt(0, 260);
                assertEquals(stepping.seek(target), fast.seek(target), where);
            }
            for (int op = 0; op < 20; op++) {
                long maxT = random.nextInt(4) == 0 ? Long.MAX_VALUE : random.nextInt(0, 260);
                ValueType want = stepping.nextFloats(maxT, b);
                assertEquals(want, fast.nextFloats(maxT, a), where);
                assertEquals(b.size(), a.size(), where);
                assertArrayEquals(Arrays.copyOf(b.timestamps(), b.size()), Arrays.copyOf(a.timestamps(), a.size()), where);
                assertArrayEquals(Arrays.copyOf(b.values(), b.size()), Arrays.copyOf(a.values(), a.size()), where);
                if (want == ValueType.NONE) {
                    break;
                }
                assertEquals(stepping.timestamp(), fast.timestamp(), where);
                assertEquals(stepping.value(), fast.value(), where);
            }
        }
    }

    @Test
    void theEarlierPartWinsATimestampHeldTwice() {
        MergedSampleIterator it = new MergedSampleIterator();
        it.reset(new Series[] {new Part(new long[] {2, 3}, new double[] {20, 30}),
                new Part(new long[] {1, 2, 4}, new double[] {1, 2, 4})});
        StringBuilder seen = new StringBuilder();
        for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
            seen.append(it.timestamp()).append('=').append(it.value()).append(' ');
        }
        assertEquals("1=1.0 2=20.0 3=30.0 4=4.0 ", seen.toString());
    }
}

package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.testing.Seeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every chunk encoding promises, whatever its samples are. Each encoding extends this with a
 * way to make, append and compare its samples.
 */
@ExtendWith(Seeded.class)
abstract class ChunkContractTest {

    /** A fresh empty chunk of the encoding under test. */
    abstract Chunk newChunk();

    /** Appends one random sample at {@code t} that follows the previous one; returns its model. */
    abstract Object appendRandom(ChunkAppender a, long t, Random r, Object previous);

    /** Whether the iterator's current sample equals the model. */
    abstract boolean matches(ChunkIterator it, Object expected);

    /** Appends at a timestamp, with whatever value; used to probe ordering and limits. */
    abstract void appendAny(ChunkAppender a, long t);

    record Timed(long t, Object value) {}

    List<Timed> fill(Chunk c, Random r, int n) {
        List<Timed> out = new ArrayList<>();
        ChunkAppender a = c.appender();
        long t = r.nextLong(1L << 45);
        Object prev = null;
        for (int i = 0; i < n; i++) {
            t += 1 + (r.nextBoolean() ? 15_000 : r.nextInt(100_000));
            prev = appendRandom(a, t, r, prev);
            out.add(new Timed(t, prev));
        }
        return out;
    }

    void assertIterates(List<Timed> expected, ChunkIterator it) {
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(it.next(), "sample " + i + " missing, err=" + it.err());
            assertEquals(expected.get(i).t(), it.atT());
            assertTrue(matches(it, expected.get(i).value()), "sample " + i);
        }
        assertFalse(it.next());
        assertNull(it.err());
    }

    @Test
    void emptyChunkHasNoSamplesAndWrapsBack() {
        Chunk c = newChunk();
        assertEquals(0, c.numSamples());
        assertFalse(c.iterator(null).next());
        Chunk back = c.encoding().wrap(c.bytes());
        assertEquals(0, back.numSamples());
        assertFalse(back.iterator(null).next());
        assertNull(back.iterator(null).err());
    }

    @Test
    void storedBytesWrapToTheSameSamples(Random r) {
        Chunk c = newChunk();
        List<Timed> samples = fill(c, r, 1 + r.nextInt(200));
        assertEquals(samples.size(), c.numSamples());
        assertEquals(c.sizeBytes(), c.bytes().length);
        Chunk back = Encoding.of(c.encoding().id()).wrap(c.bytes());
        assertIterates(samples, back.iterator(null));
        assertArrayEquals(c.bytes(), back.bytes());
    }

    @Test
    void appendingToAWrappedChunkLeavesTheCallersBytesAlone(Random r) {
        Chunk c = newChunk();
        List<Timed> samples = fill(c, r, 1 + r.nextInt(50));
        byte[] stored = c.bytes();
        byte[] pristine = stored.clone();
        Chunk wrapped = c.encoding().wrap(stored);
        ChunkAppender a = wrapped.appender();
        long t = samples.get(samples.size() - 1).t();
        Object prev = samples.get(samples.size() - 1).value();
        List<Timed> all = new ArrayList<>(samples);
        for (int i = 0; i < 20; i++) {
            t += 1 + r.nextInt(1000);
            prev = appendRandom(a, t, r, prev);
            all.add(new Timed(t, prev));
        }
        assertArrayEquals(pristine, stored);
        assertIterates(all, wrapped.iterator(null));
    }

    @Test
    void iteratorsAreReusedWithinAnEncodingAndReplacedAcrossEncodings(Random r) {
        Chunk a = newChunk();
        Chunk b = newChunk();
        List<Timed> sa = fill(a, r, 1 + r.nextInt(50));
        List<Timed> sb = fill(b, r, 1 + r.nextInt(50));
        ChunkIterator it = a.iterator(null);
        it.next(); // part-way through a
        ChunkIterator again = b.iterator(it);
        assertSame(it, again, "same encoding: reset and reused");
        assertIterates(sb, again);
        assertIterates(sa, a.iterator(again));

        ChunkIterator foreign = otherEncoding().iterator(null);
        ChunkIterator fresh = a.iterator(foreign);
        assertTrue(fresh != foreign, "another encoding's iterator is not reused");
        assertIterates(sa, fresh);
    }

    /** A chunk of some other encoding, for cross-encoding reuse. */
    Chunk otherEncoding() {
        return newChunk() instanceof XorChunk ? new IntHistogramChunk() : new XorChunk();
    }

    @Test
    void timestampsMustIncrease(Random r) {
        Chunk c = newChunk();
        List<Timed> samples = fill(c, r, 1 + r.nextInt(10));
        long last = samples.get(samples.size() - 1).t();
        ChunkAppender a = c.appender();
        assertThrows(IllegalArgumentException.class, () -> appendAny(a, last));
        assertThrows(IllegalArgumentException.class, () -> appendAny(a, last - 1));
        assertEquals(samples.size(), c.numSamples());
        assertIterates(samples, c.iterator(null));
    }

    @Test
    void seekNeverGoesBackAndStopsAtTheEnd(Random r) {
        Chunk c = newChunk();
        List<Timed> samples = fill(c, r, 2 + r.nextInt(100));
        ChunkIterator it = c.iterator(null);
        int i = r.nextInt(samples.size());
        assertTrue(it.seek(samples.get(i).t()));
        assertEquals(samples.get(i).t(), it.atT());
        assertTrue(it.seek(samples.get(0).t()), "a target behind the current sample keeps it");
        assertEquals(samples.get(i).t(), it.atT());
        assertFalse(it.seek(samples.get(samples.size() - 1).t() + 1));
        assertFalse(it.next());
        assertNull(it.err());
    }

    @Test
    void damageIsReportedOnceAfterAGoodPrefix(Random r) {
        Chunk c = newChunk();
        List<Timed> samples = fill(c, r, 1 + r.nextInt(100));
        byte[] bytes = c.bytes();
        byte[] cut = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        ChunkIterator it;
        try {
            it = c.encoding().wrap(cut).iterator(null);
        } catch (ChunkFormatException headerless) {
            return; // too short to be a chunk at all: refused up front
        }
        int n = 0;
        while (it.next()) {
            assertTrue(matches(it, samples.get(n).value()), "prefix sample " + n);
            n++;
        }
        assertTrue(n < samples.size());
        ChunkFormatException err = it.err();
        assertNotNull(err);
        assertFalse(it.next());
        assertFalse(it.seek(Long.MIN_VALUE));
        assertSame(err, it.err());
    }

    @Test
    void aChunkHoldsAtMost65535Samples() {
        Chunk c = newChunk();
        ChunkAppender a = c.appender();
        for (int i = 0; i < 0xFFFF; i++) {
            appendAny(a, i);
        }
        assertThrows(IllegalStateException.class, () -> appendAny(a, 0x10000));
        assertEquals(0xFFFF, c.numSamples());
        ChunkIterator it = c.encoding().wrap(c.bytes()).iterator(null);
        int n = 0;
        while (it.next()) {
            assertEquals(n++, it.atT());
        }
        assertEquals(0xFFFF, n);
        assertNull(it.err());
    }
}

class XorChunkContractTest extends ChunkContractTest {

    @Override
    Chunk newChunk() {
        return new XorChunk();
    }

    @Override
    Object appendRandom(ChunkAppender a, long t, Random r, Object previous) {
        long bits = r.nextInt(5) == 0 ? 0x7ff0000000000002L : Double.doubleToRawLongBits(r.nextInt(1000) * 0.5);
        a.append(t, Double.longBitsToDouble(bits));
        return bits;
    }

    @Override
    boolean matches(ChunkIterator it, Object expected) {
        return it.atVBits() == (long) expected;
    }

    @Override
    void appendAny(ChunkAppender a, long t) {
        a.append(t, 1.0);
    }
}

class IntHistogramChunkContractTest extends ChunkContractTest {

    @Override
    Chunk newChunk() {
        return new IntHistogramChunk();
    }

    @Override
    Object appendRandom(ChunkAppender a, long t, Random r, Object previous) {
        IntHistogram h = previous == null
                ? IntHistogramChunkTest.randomLayout(r, CounterResetHint.UNKNOWN)
                : (IntHistogram) previous;
        IntHistogram next = IntHistogramChunkTest.step(r, h, false, previous == null);
        assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(t, next));
        return next;
    }

    @Override
    boolean matches(ChunkIterator it, Object expected) {
        return ((IntHistogram) expected).contentEquals(it.atHistogram(new IntHistogram()));
    }

    private final IntHistogram fixed = new IntHistogram().reset(CounterResetHint.GAUGE, 0, 0, 1, 3, 2.5);

    {
        fixed.positive().addSpan(0, 2).addCount(1).addCount(1);
    }

    @Override
    void appendAny(ChunkAppender a, long t) {
        a.appendHistogram(t, fixed);
    }
}

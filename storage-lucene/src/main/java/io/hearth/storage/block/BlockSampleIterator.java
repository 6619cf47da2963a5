package io.hearth.storage.block;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.FloatSampleBuffer;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.chunk.ChunkIterator;
import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.chunk.FloatHistogramChunk;
import io.hearth.storage.chunk.PackedChunk;
import io.hearth.storage.chunk.XorChunk;
import io.hearth.storage.head.Histograms;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Iterates one series of a block within {@code [minT, maxT]}: its chunks in order (they never
 * overlap within a block), each read from the chunk stream and checked against its frame's
 * checksum when reached. A chunk that fails the check is logged once and skipped. Reusable; float
 * samples allocate nothing beyond each chunk's copy.
 */
final class BlockSampleIterator implements SampleIterator {

    private final XorChunk.XorIterator xor = new XorChunk.XorIterator();
    private final PackedChunk.PackedIterator packed = new PackedChunk.PackedIterator();
    private final FloatHistogramChunk.FloatHistogramIterator fh = new FloatHistogramChunk.FloatHistogramIterator();
    private final io.hearth.storage.chunk.FloatHistogram holder = new io.hearth.storage.chunk.FloatHistogram();

    private Block block;
    private SeriesEntry entry;
    private long minT;
    private long maxT;
    private int ci;
    private ChunkIterator it;
    private ValueType cur = ValueType.NONE;
    private RuntimeException err;

    BlockSampleIterator reset(Block block, SeriesEntry entry, long minT, long maxT) {
        this.block = block;
        this.entry = entry;
        this.minT = minT;
        this.maxT = maxT;
        ci = -1;
        it = null;
        cur = ValueType.NONE;
        err = null;
        return this;
    }

    @Override
    public ValueType next() {
        return advance(minT, false);
    }

    @Override
    public ValueType seek(long t) {
        if (cur != ValueType.NONE && it != null && it.atT() >= t) {
            return cur;
        }
        return advance(Math.max(t, minT), true);
    }

    private ValueType advance(long lo, boolean seeking) {
        if (err != null) {
            return cur = ValueType.NONE;
        }
        while (true) {
            boolean ok;
            if (it != null && seeking && entry.maxT()[ci] < lo) {
                it = null;
            }
            if (it == null) {
                if (++ci >= entry.chunks() || entry.minT()[ci] > maxT) {
                    ci = entry.chunks();
                    return cur = ValueType.NONE;
                }
                if (entry.maxT()[ci] < lo) {
                    continue;
                }
                it = open(ci);
                if (it == null) {
                    continue; // corrupt, skipped
                }
                ok = it.seek(lo);
            } else {
                ok = seeking ? it.seek(lo) : it.next();
            }
            if (!ok) {
                if (it.err() != null) {
                    block.reportCorrupt(entry.offset()[ci], entry.labels(), it.err().getMessage());
                }
                it = null;
                continue;
            }
            if (it.atT() > maxT) {
                it = null;
                ci = entry.chunks();
                return cur = ValueType.NONE;
            }
            return cur = it == fh ? ValueType.HISTOGRAM : ValueType.FLOAT;
        }
    }

    /**
     * The batch read: the same stepping as {@link #next()}, without the call through the interface
     * per sample, and with each packed chunk's decoded columns copied as one run (an older block's
     * XOR chunk is decoded in one loop).
     */
    @Override
    public ValueType nextFloats(long maxT, FloatSampleBuffer into) {
        long limit = Math.min(maxT, this.maxT);
        ValueType type;
        while ((type = advance(minT, false)) == ValueType.FLOAT) {
            long t = it.atT();
            if (t > maxT) {
                return type;
            }
            into.add(t, Double.longBitsToDouble(it.atVBits()), it.atST());
            if (it == packed) {
                int at = into.reserve(packed.remaining());
                into.commit(packed.copyUpTo(limit, into.timestamps(), into.values(), at));
            } else if (it == xor && !xor.hasStartTimestamps()) {
                int at = into.reserve(xor.remaining());
                into.commit(xor.copyUpTo(limit, into.timestamps(), into.values(), at));
            }
        }
        return type;
    }

    private ChunkIterator open(int i) {
        int len = entry.length()[i];
        byte[] bytes = new byte[len]; // the chunk iterators keep it while they run
        Encoding enc;
        try {
            enc = ChunkFrames.unframe(block.chunks().read(entry.offset()[i], len + ChunkFrames.OVERHEAD), bytes, len);
        } catch (ChunkFrames.CorruptChunkException | IndexOutOfBoundsException e) {
            block.reportCorrupt(entry.offset()[i], entry.labels(), e.getMessage());
            return null;
        } catch (IOException e) {
            err = new UncheckedIOException(e);
            return null;
        }
        return switch (enc) {
            case XOR -> xor.reset(bytes, 0, len, false);
            case XOR_ST -> xor.reset(bytes, 0, len, true);
            case PACKED -> packed.reset(bytes, 0, len, block.packedTimeBase(entry.minT()[i]), block.packedLayout());
            case FLOAT_HISTOGRAM -> fh.reset(bytes, 0, len, false);
            case FLOAT_HISTOGRAM_ST -> fh.reset(bytes, 0, len, true);
            case HISTOGRAM -> {
                block.reportCorrupt(entry.offset()[i], entry.labels(), "integer histogram chunks are not written to blocks");
                yield null;
            }
        };
    }

    @Override
    public long timestamp() {
        return it.atT();
    }

    @Override
    public double value() {
        if (cur != ValueType.FLOAT) {
            throw new IllegalStateException("the current sample is " + cur + ", not a float");
        }
        return Double.longBitsToDouble(it.atVBits()); // bit-exact, stale markers included
    }

    @Override
    public FloatHistogram histogram() {
        if (cur != ValueType.HISTOGRAM) {
            throw new IllegalStateException("the current sample is " + cur + ", not a histogram");
        }
        return Histograms.fromChunk(fh.atFloatHistogram(holder));
    }

    @Override
    public long startTimestamp() {
        return it.atST();
    }

    @Override
    public RuntimeException err() {
        return err;
    }
}

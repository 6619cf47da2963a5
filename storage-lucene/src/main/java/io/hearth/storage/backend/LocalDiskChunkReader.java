package io.hearth.storage.backend;

import io.hearth.spi.chunk.ChunkReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one chunk file through memory mappings of up to 1 GiB each (a {@link MappedByteBuffer} is
 * limited to 2 GiB, and the release targets Java 21 where mapping into a {@code MemorySegment} is
 * a preview). A range inside one mapping is returned as a view; the rare range across two is
 * copied. The JDK unmaps a mapping when it is collected, so {@link #close} only forbids further
 * reads; the engine deletes files only after closing their reader, which Linux allows while
 * mapped.
 */
final class LocalDiskChunkReader implements ChunkReader {

    static final int REGION_BITS = 30;
    private static final long REGION = 1L << REGION_BITS;

    private final MappedByteBuffer[] regions;
    private final long size;
    private volatile boolean closed;

    private LocalDiskChunkReader(MappedByteBuffer[] regions, long size) {
        this.regions = regions;
        this.size = size;
    }

    static LocalDiskChunkReader open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) ((size + REGION - 1) >>> REGION_BITS);
            MappedByteBuffer[] regions = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long at = (long) i << REGION_BITS;
                regions[i] = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(REGION, size - at));
            }
            return new LocalDiskChunkReader(regions, size);
        }
    }

    @Override
    public ByteBuffer read(long offset, int length) {
        if (closed) {
            throw new IllegalStateException("chunk reader is closed");
        }
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + length + ") outside a chunk file of "
                    + size + " bytes");
        }
        if (length == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        int r = (int) (offset >>> REGION_BITS);
        int at = (int) (offset & (REGION - 1));
        if (at + (long) length <= regions[r].capacity()) {
            return regions[r].slice(at, length).asReadOnlyBuffer();
        }
        ByteBuffer copy = ByteBuffer.allocate(length);
        long pos = offset;
        while (copy.hasRemaining()) {
            int ri = (int) (pos >>> REGION_BITS);
            int ra = (int) (pos & (REGION - 1));
            int n = Math.min(copy.remaining(), regions[ri].capacity() - ra);
            copy.put(regions[ri].slice(ra, n));
            pos += n;
        }
        return copy.flip().asReadOnlyBuffer();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() {
        closed = true;
    }
}

package io.hearth.storage.backend;

import io.hearth.spi.chunk.ChunkWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes one block's chunk file through a 1 MiB buffer; {@link #finish} forces and renames it. */
final class LocalDiskChunkWriter implements ChunkWriter {

    private final Path dir;
    private final Path tmp;
    private final Path target;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long size;
    private boolean done;

    LocalDiskChunkWriter(Path dir, Path tmp, Path target) throws IOException {
        this.dir = dir;
        this.tmp = tmp;
        this.target = target;
        this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public long append(ByteBuffer bytes) throws IOException {
        if (done) {
            throw new IllegalStateException("chunk writer of " + target.getFileName() + " is finished");
        }
        long at = size;
        int n = bytes.remaining();
        if (n > buffer.remaining()) {
            drain();
        }
        if (n > buffer.capacity()) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } else {
            buffer.put(bytes);
        }
        size += n;
        return at;
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void finish() throws IOException {
        if (done) {
            throw new IllegalStateException("chunk writer of " + target.getFileName() + " is finished");
        }
        drain();
        channel.force(true);
        channel.close();
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        LocalDiskWorkspaceChunks.syncDirectory(dir);
        done = true;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

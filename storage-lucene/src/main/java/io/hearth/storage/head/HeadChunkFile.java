package io.hearth.storage.head;

import io.hearth.storage.chunk.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The head's cut chunks out of the Java heap: an append-only run of memory-mapped segment files
 * under {@code <store>/head_chunks/}, as Prometheus keeps its full head chunks in memory-mapped
 * head chunk files. A series keeps a {@code long} reference (segment number and offset) instead of
 * the chunk's bytes.
 *
 * <p>The files are scratch, not a durable format: the WAL stays the source of truth, so they are
 * deleted when the head opens (replay writes them again) and closes, and never forced. Each chunk
 * is stored as its encoding id (1 byte), its sample count (4 bytes, big-endian), its length
 * (4 bytes) and its bytes. Segments grow from 1 MiB to {@link #MAX_SEGMENT_BYTES} by doubling, so
 * a small workspace costs little disk; each is filled with zeros before it is mapped so that a
 * full disk shows as an {@link IOException} here (then the segment is kept on the heap instead,
 * with a warning) and never as a fault when writing to the mapping.
 *
 * <p>A segment whose chunks are all older than a head truncation is deleted by
 * {@link #deleteBefore}. A reader that resolved a chunk before that ({@link #segment}) holds the
 * segment's mapping, which stays valid after the file is deleted (the pages live until the mapping
 * is collected), so a query racing a truncation still reads the bytes it saw. Space is never
 * reused: a reference stays valid as long as a series holds it.
 *
 * <p>Thread-safe: appends and deletions are serialized on {@code this}; {@link #segment} is
 * lock-free (a chunk's bytes are published to readers by the series lock of the series that
 * holds its reference).
 */
final class HeadChunkFile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HeadChunkFile.class.getName());

    static final String DIR = "head_chunks";
    static final int HEADER_BYTES = 9;
    static final int MIN_SEGMENT_BYTES = 1 << 20;
    static final int MAX_SEGMENT_BYTES = 32 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16);

    /** One segment: its mapping (or heap buffer) and the newest sample time of its chunks. */
    static final class Segment {
        final int id;
        final ByteBuffer buf;
        final Path path; // null for a heap segment
        int used; // guarded by the file
        long maxT = Long.MIN_VALUE; // guarded by the file

        Segment(int id, ByteBuffer buf, Path path) {
            this.id = id;
            this.buf = buf;
            this.path = path;
        }
    }

    /** Live segments by id from {@code base}; replaced whole on every change (copy on write). */
    private record Table(int base, Segment[] segments) {
    }

    private final Path dir;
    private final int maxSegmentBytes;
    private volatile Table table = new Table(0, new Segment[0]);
    private Segment active; // guarded by this
    private int nextId; // guarded by this
    private int nextSize; // guarded by this
    private final List<Path> undeleted = new ArrayList<>(); // guarded by this
    private long mappedBytes; // guarded by this
    private boolean warned; // guarded by this
    private boolean closed; // guarded by this

    private HeadChunkFile(Path dir, int maxSegmentBytes) {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        this.nextSize = Math.min(MIN_SEGMENT_BYTES, maxSegmentBytes);
    }

    /** Opens the chunk files of the store in {@code storeDir}, deleting what a previous run left. */
    static HeadChunkFile open(Path storeDir) throws IOException {
        return open(storeDir, MAX_SEGMENT_BYTES);
    }

    /** As {@link #open(Path)} with a smaller segment limit, for tests. */
    static HeadChunkFile open(Path storeDir, int maxSegmentBytes) throws IOException {
        Path dir = storeDir.resolve(DIR);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f); // rebuilt by the WAL replay
            }
        }
        return new HeadChunkFile(dir, Math.max(maxSegmentBytes, HEADER_BYTES + 1));
    }

    /**
     * Appends a chunk holding {@code samples} samples, the newest at {@code maxT}.
     *
     * @return its reference, for {@link #segment} and {@link #offset}
     */
    synchronized long append(Encoding encoding, byte[] bytes, int samples, long maxT) {
        if (closed) {
            throw new IllegalStateException("head chunk file " + dir + " is closed");
        }
        int need = HEADER_BYTES + bytes.length;
        Segment s = active;
        if (s == null || s.buf.capacity() - s.used < need) {
            s = newSegment(need);
        }
        int at = s.used;
        ByteBuffer b = s.buf;
        b.put(at, encoding.id());
        b.putInt(at + 1, samples);
        b.putInt(at + 5, bytes.length);
        b.put(at + HEADER_BYTES, bytes);
        s.used = at + need;
        if (maxT > s.maxT) {
            s.maxT = maxT;
        }
        return ((long) s.id << 32) | at;
    }

    private Segment newSegment(int need) {
        int size = Math.max(need, nextSize);
        nextSize = Math.min(maxSegmentBytes, nextSize * 2);
        int id = nextId++;
        Path path = dir.resolve(String.format("%08d", id));
        Segment s;
        try {
            s = new Segment(id, map(path, size), path);
            mappedBytes += size;
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // left for the next open, which empties the directory
            }
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "cannot write head chunk segment " + path
                        + "; keeping cut chunks on the heap until one can be written", e);
            }
            s = new Segment(id, ByteBuffer.allocate(size), null);
        }
        active = s;
        Table t = table;
        Segment[] segs = Arrays.copyOf(t.segments(), id - t.base() + 1);
        segs[id - t.base()] = s;
        table = new Table(t.base(), segs);
        return s;
    }

    private static ByteBuffer map(Path path, int size) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // real blocks, not a sparse file: a full disk fails here, not later as a fault on the mapping
            for (long pos = 0; pos < size; ) {
                ByteBuffer z = ZEROS.duplicate();
                z.limit((int) Math.min(z.capacity(), size - pos));
                pos += ch.write(z, pos);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    /** The segment of chunk {@code ref}; it must be held by a series (or have been, for a reader). */
    Segment segment(long ref) {
        Table t = table;
        int i = (int) (ref >>> 32) - t.base();
        Segment s = i >= 0 && i < t.segments().length ? t.segments()[i] : null;
        if (s == null) {
            throw new IllegalStateException("head chunk " + Long.toHexString(ref) + " is in a deleted segment");
        }
        return s;
    }

    /** The chunk's offset in its segment (of its header). */
    static int offset(long ref) {
        return (int) ref;
    }

    /** The encoding of the chunk at {@code at} in {@code s}. */
    static Encoding encoding(Segment s, int at) {
        return encoding(s.buf, at);
    }

    /** The encoding of the chunk whose header is at {@code at} in a segment's mapping. */
    static Encoding encoding(ByteBuffer buf, int at) {
        return Encoding.of(buf.get(at));
    }

    /** The sample count of the chunk at {@code at} in {@code s}. */
    static int samples(Segment s, int at) {
        return s.buf.getInt(at + 1);
    }

    /** The byte length of the chunk at {@code at} in {@code s}; its bytes start at {@code at + HEADER_BYTES}. */
    static int length(Segment s, int at) {
        return length(s.buf, at);
    }

    /** The byte length of the chunk whose header is at {@code at} in a segment's mapping. */
    static int length(ByteBuffer buf, int at) {
        return buf.getInt(at + 5);
    }

    /**
     * Deletes the segments whose chunks all end before {@code t}; call once no series holds a chunk
     * ending before {@code t}. The active segment goes too when it qualifies (the next chunk starts
     * a new one).
     *
     * @return the number of segments deleted
     */
    synchronized int deleteBefore(long t) {
        Table tab = table;
        Segment[] segs = tab.segments().clone();
        int deleted = 0;
        for (int i = 0; i < segs.length; i++) {
            Segment s = segs[i];
            if (s != null && s.maxT < t) {
                segs[i] = null;
                if (s == active) {
                    active = null;
                }
                if (s.path != null) {
                    mappedBytes -= s.buf.capacity();
                    undeleted.add(s.path);
                }
                deleted++;
            }
        }
        int from = 0;
        while (from < segs.length && segs[from] == null) {
            from++;
        }
        table = new Table(tab.base() + from, Arrays.copyOfRange(segs, from, segs.length));
        deleteFiles();
        return deleted;
    }

    private void deleteFiles() {
        // the mapping outlives the file, so readers still holding a segment are not disturbed; where
        // the platform refuses to delete a mapped file, try again at the next truncation
        undeleted.removeIf(p -> {
            try {
                Files.deleteIfExists(p);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The number of live segments. */
    int segmentCount() {
        int n = 0;
        for (Segment s : table.segments()) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    /** Bytes of live file segments (mapped, not on the heap). */
    synchronized long mappedBytes() {
        return mappedBytes;
    }

    /** The directory of the segment files. */
    Path directory() {
        return dir;
    }

    /** Forgets every segment and deletes the files (readers' mappings stay valid). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Segment s : table.segments()) {
            if (s != null && s.path != null) {
                undeleted.add(s.path);
            }
        }
        table = new Table(0, new Segment[0]);
        active = null;
        mappedBytes = 0;
        deleteFiles();
    }
}

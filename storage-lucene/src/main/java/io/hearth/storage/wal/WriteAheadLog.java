package io.hearth.storage.wal;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A write-ahead log: opaque records, framed with a length and a CRC32C, appended to numbered
 * segment files in one directory. It knows nothing of what the records mean; {@code record}
 * encodes those. The bytes are specified in {@code docs/format/wal.md}.
 *
 * <h2>Durability</h2>
 * {@link #append} returns only after its records are written and the segment has been forced to
 * stable storage. Concurrent appenders share that cost (group commit): while one thread writes and
 * forces, the others queue their records; the next of them to run writes the whole queue and forces
 * once for all. A record never spans segments; a segment is forced before the next one is started.
 *
 * <p>With a {@linkplain WalOptions#forceIntervalMillis() force interval}, a commit still writes its
 * records to the file before {@code append} returns, so they survive the death of the process, but
 * forces only when the last force is at least the interval old; {@link #force} (which the owner
 * calls on a timer) forces what is left. A power loss or an operating-system crash can then lose
 * the records of about the last interval; Prometheus's own write-ahead log makes the same trade.
 *
 * <h2>Recovery</h2>
 * {@link #open} replays the latest checkpoint, then every segment after it, in order. The log is the
 * longest sound prefix of that sequence: at the first torn or corrupt byte the file is truncated,
 * any later segments are deleted, and a warning says how many bytes were dropped. Opening never
 * refuses because of damage; it refuses only a directory locked by another process or a file of a
 * newer format version. Appends then go to a new segment.
 *
 * <h2>Truncation</h2>
 * The head calls {@link #cutSegment()} to close the active segment, later {@link #checkpoint} to
 * replace every segment up to a given one by a compact checkpoint of the records still needed, or
 * {@link #truncateBefore} to drop segments no longer needed at all.
 *
 * <h2>Threads</h2>
 * Every method is thread-safe. {@code append} may be called by any number of threads at once;
 * {@code checkpoint} and {@code truncateBefore} run beside appends. After an I/O error on the
 * write path the log accepts no more appends: the state of unforced data is unknown, so the
 * owner must close and reopen it, which replays what is really on disk.
 */
public final class WriteAheadLog implements Closeable {

    private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());

    private static final Pattern SEGMENT = Pattern.compile("(\\d{8,})\\.wal");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint\\.(\\d{8,})");
    private static final Pattern CHECKPOINT_TMP = Pattern.compile("checkpoint\\.(\\d{8,})\\.tmp");
    private static final String LOCK_FILE = "LOCK";
    private static final int WRITE_BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final WalOptions options;
    private final FileChannel lockChannel;
    private final FileLock dirLock;

    // Commit state, guarded by mutex.
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition commitEnded = mutex.newCondition();
    private ArrayList<ByteBuffer> pending = new ArrayList<>();
    private ArrayList<ByteBuffer> spare = new ArrayList<>();
    private long ticketsIssued;
    private long ticketsDurable;
    private long commits;
    private volatile long forces; // of segments holding records, by commits and force(); written in the commit turn
    private boolean committing;
    private boolean closed;
    private IOException failure;

    // Owned by whichever thread holds the commit (committing == true).
    private final FrameWriter frames = new FrameWriter(WRITE_BUFFER_BYTES);
    private RandomAccessFile active;
    private long activeBytes;
    private long lastForceNanos = System.nanoTime();
    private boolean unforced; // records written to the active segment since its last force
    private volatile int activeIndex;

    // Serialises checkpoint and truncateBefore.
    private final Object maintenance = new Object();

    private WriteAheadLog(Path dir, WalOptions options, FileChannel lockChannel, FileLock dirLock) {
        this.dir = dir;
        this.options = options;
        this.lockChannel = lockChannel;
        this.dirLock = dirLock;
    }

    /**
     * Opens the log in {@code dir}, creating the directory if needed, hands every record of the
     * sound prefix to {@code replay} in order, repairs any damage after it, and starts a new
     * segment for appends.
     *
     * @param replay receives the recovered records; may be {@code null} to skip them
     * @throws CorruptWalException if a file is of a newer format version
     * @throws IOException if the directory is locked by another process, or on I/O failure
     */
    public static WriteAheadLog open(Path dir, WalOptions options, RecordConsumer replay) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("WAL directory " + dir + " is already open");
        }
        WriteAheadLog wal = new WriteAheadLog(dir, options, lockChannel, lock);
        try {
            int next = wal.recover(replay == null ? r -> { } : replay);
            wal.startSegment(next);
            return wal;
        } catch (IOException | RuntimeException | Error e) {
            wal.releaseLock();
            throw e;
        }
    }

    /** The options the log was opened with. */
    public WalOptions options() {
        return options;
    }

    /** The index of the segment appends currently go to. */
    public int activeSegment() {
        return activeIndex;
    }

    /**
     * The number of group commits (each one write, and one force unless a force interval defers
     * it) since open; with the number of appends it gives the average batch size.
     */
    public long commitCount() {
        mutex.lock();
        try {
            return commits;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Appends records and returns once they are durable (written, and forced unless a force
     * interval defers it; see the class comment). The records of one call are written
     * contiguously, in order, in one segment and one forced write. The buffers are read from their
     * position to their limit and not modified; they must not change until the call returns.
     *
     * @throws IllegalArgumentException if a record is larger than {@link WalOptions#maxRecordBytes()}
     * @throws IllegalStateException if the log is closed
     * @throws IOException if writing or forcing failed; the records may or may not be on disk,
     *     and the log accepts no more appends
     */
    public void append(ByteBuffer... records) throws IOException {
        awaitDurable(submit(records));
    }

    /**
     * Queues records for the next group commit and returns at once with a ticket for
     * {@link #awaitDurable}; the first half of {@link #append}. Records of successive calls are
     * written in the order of the calls, so a caller that submits under its own lock fixes the
     * order of its records in the log without holding that lock through the force. The buffers
     * must not change until {@code awaitDurable} for the ticket returns.
     *
     * @return the ticket; 0 when there are no records (already durable)
     * @throws IllegalArgumentException if a record is larger than {@link WalOptions#maxRecordBytes()}
     * @throws IllegalStateException if the log is closed
     * @throws IOException if an earlier commit failed
     */
    public long submit(ByteBuffer... records) throws IOException {
        if (records.length == 0) {
            return 0;
        }
        long total = 0;
        for (ByteBuffer r : records) {
            if (r.remaining() > options.maxRecordBytes()) {
                throw new IllegalArgumentException("record of " + r.remaining()
                        + " bytes exceeds the maximum of " + options.maxRecordBytes());
            }
            total += Frames.FRAME_HEADER_BYTES + r.remaining();
        }
        if (total > options.maxSegmentBytes() - FileHeader.SEGMENT.size()) {
            throw new IllegalArgumentException("records of one append (" + total
                    + " framed bytes) must fit in one segment");
        }
        mutex.lock();
        try {
            if (closed) {
                throw new IllegalStateException("WAL " + dir + " is closed");
            }
            throwIfFailed();
            if (records.length == 1) {
                pending.add(records[0]);
            } else {
                pending.add(GROUP_START);
                for (ByteBuffer r : records) {
                    pending.add(r);
                }
                pending.add(GROUP_END);
            }
            return ++ticketsIssued;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Returns once the records of {@code ticket} are written and forced, taking part in the group
     * commit (the first waiter with no commit running writes everything queued).
     *
     * @throws IOException if writing or forcing failed; the records may or may not be on disk,
     *     and the log accepts no more appends
     */
    public void awaitDurable(long ticket) throws IOException {
        mutex.lock();
        try {
            while (ticketsDurable < ticket) {
                throwIfFailed();
                if (closed && !committing && pending.isEmpty()) {
                    throw new IllegalStateException("WAL " + dir + " is closed");
                }
                if (!committing) {
                    commitPending();
                } else {
                    commitEnded.awaitUninterruptibly();
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    private static final ByteBuffer GROUP_START = ByteBuffer.allocate(0);
    private static final ByteBuffer GROUP_END = ByteBuffer.allocate(0);

    private void ensureOpen() {
        mutex.lock();
        try {
            if (closed) {
                throw new IllegalStateException("WAL " + dir + " is closed");
            }
        } finally {
            mutex.unlock();
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException("WAL " + dir + " failed earlier; records not durable", failure);
        }
    }

    /** Called holding the mutex with no commit running; returns holding it again. */
    private void commitPending() {
        committing = true;
        ArrayList<ByteBuffer> batch = pending;
        pending = spare;
        spare = null;
        long upTo = ticketsIssued;
        IOException error = null;
        mutex.unlock();
        // An interrupt must not abort the I/O half-way (the directory sync still uses a channel);
        // the flag is restored for the caller afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            writeAndForce(batch);
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException | Error e) {
            error = new IOException("WAL commit failed", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            batch.clear();
            mutex.lock();
            spare = batch;
            committing = false;
            if (error == null) {
                ticketsDurable = upTo;
                commits++;
            } else {
                failure = error;
                LOG.log(Level.SEVERE, "WAL " + dir + " commit failed; no further appends accepted", error);
            }
            commitEnded.signalAll();
        }
    }

    private void writeAndForce(List<ByteBuffer> batch) throws IOException {
        long limit = options.maxSegmentBytes();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            ByteBuffer r = batch.get(i);
            long need;
            int groupEnd = i;
            if (r == GROUP_START) {
                need = 0;
                groupEnd = i + 1;
                while (batch.get(groupEnd) != GROUP_END) {
                    need += Frames.FRAME_HEADER_BYTES + batch.get(groupEnd).remaining();
                    groupEnd++;
                }
            } else if (r == GROUP_END) {
                continue;
            } else {
                need = Frames.FRAME_HEADER_BYTES + r.remaining();
            }
            long used = activeBytes + frames.buffered();
            if (used + need > limit && used > FileHeader.SEGMENT.size()) {
                flush();
                active.getFD().sync();
                startSegment(activeIndex + 1);
            }
            if (r == GROUP_START) {
                continue;
            }
            if (!frames.fits(r.remaining()) && frames.buffered() > 0) {
                flush();
            }
            frames.add(r);
        }
        flush();
        unforced = true;
        long interval = options.forceIntervalMillis();
        if (interval == 0 || System.nanoTime() - lastForceNanos >= interval * 1_000_000) {
            forceActive();
        }
    }

    /** Forces the active segment; the caller holds the commit turn. */
    private void forceActive() throws IOException {
        active.getFD().sync();
        lastForceNanos = System.nanoTime();
        unforced = false;
        forces++; // one writer at a time: the commit turn's holder
    }

    /**
     * The number of times commits and {@link #force} forced records to disk since open (not
     * counting the forces that close a full segment or start a new one): one per commit without a
     * force interval, fewer with one.
     */
    public long forceCount() {
        return forces;
    }

    /**
     * Forces the records already written to the active segment but not yet forced, if any: those a
     * {@linkplain WalOptions#forceIntervalMillis() force interval} deferred. Waits for a running
     * commit first; does nothing once the log is closed (closing forces).
     *
     * @throws IOException if forcing failed; the log then accepts no more appends
     */
    public void force() throws IOException {
        inCommitTurn(false, "force", () -> {
            if (unforced) {
                forceActive();
            }
            return null;
        });
    }

    /** Work done holding the commit turn. */
    @FunctionalInterface
    private interface TurnWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding the commit turn, as a commit does, once any running commit has
     * ended. On a closed log it throws when {@code throwIfClosed}, else returns null. A failure of
     * {@code work} fails the log, as a failed commit does: the state of the active segment is then
     * unknown.
     */
    private <T> T inCommitTurn(boolean throwIfClosed, String what, TurnWork<T> work) throws IOException {
        mutex.lock();
        try {
            while (committing && !closed) { // a closed log keeps committing set for good
                commitEnded.awaitUninterruptibly();
            }
            if (closed) {
                if (throwIfClosed) {
                    throw new IllegalStateException("WAL " + dir + " is closed");
                }
                return null;
            }
            throwIfFailed();
            committing = true;
        } finally {
            mutex.unlock();
        }
        IOException error = null;
        boolean interrupted = Thread.interrupted();
        try {
            return work.run();
        } catch (IOException e) {
            error = e;
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            mutex.lock();
            committing = false;
            if (error != null) {
                failure = error;
                LOG.log(Level.SEVERE, "WAL " + dir + " " + what + " failed; no further appends accepted", error);
            }
            commitEnded.signalAll();
            mutex.unlock();
        }
    }

    private void flush() throws IOException {
        if (frames.buffered() > 0) {
            activeBytes += frames.writeTo(active);
        }
    }

    /**
     * Closes the active segment, after forcing it, and starts the next one. Every record appended
     * before this call is in a segment with a smaller index than the one returned.
     *
     * @return the index of the new active segment
     */
    public int cutSegment() throws IOException {
        return inCommitTurn(true, "segment cut", () -> {
            active.getFD().sync();
            startSegment(activeIndex + 1);
            return activeIndex;
        });
    }

    /**
     * Deletes the segments with an index below {@code segment}; never the active one. Use after
     * the head no longer needs their records at all.
     */
    public void truncateBefore(int segment) throws IOException {
        synchronized (maintenance) {
            ensureOpen();
            int limit = Math.min(segment, activeIndex);
            boolean deleted = false;
            for (var e : list(SEGMENT).entrySet()) {
                if (e.getKey() < limit) {
                    Files.deleteIfExists(e.getValue());
                    deleted = true;
                }
            }
            if (deleted) {
                syncDirectory();
            }
        }
    }

    /**
     * Replaces the latest checkpoint and every segment up to {@code throughSegment} with a new
     * checkpoint holding the records {@code writer} adds, typically those of {@link #read} that the
     * head still needs. The checkpoint is written to a temporary file, forced, and renamed into
     * place before anything is deleted, so a crash leaves either the old state or the new one.
     *
     * @param throughSegment the last segment the checkpoint replaces; must be below the active one
     *     (call {@link #cutSegment()} first)
     */
    public void checkpoint(int throughSegment, CheckpointWriter writer) throws IOException {
        synchronized (maintenance) {
            ensureOpen();
            if (throughSegment >= activeIndex) {
                throw new IllegalArgumentException("segment " + throughSegment
                        + " is still active; cut it before checkpointing it");
            }
            Path tmp = dir.resolve(checkpointName(throughSegment) + ".tmp");
            Path target = dir.resolve(checkpointName(throughSegment));
            FrameWriter out = new FrameWriter(WRITE_BUFFER_BYTES);
            try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
                file.setLength(0);
                ByteBuffer header = FileHeader.CHECKPOINT.encode(throughSegment);
                file.write(header.array(), header.position(), header.remaining());
                writer.write(record -> {
                    if (record.remaining() > options.maxRecordBytes()) {
                        throw new IllegalArgumentException("record of " + record.remaining()
                                + " bytes exceeds the maximum of " + options.maxRecordBytes());
                    }
                    if (!out.fits(record.remaining()) && out.buffered() > 0) {
                        out.writeTo(file);
                    }
                    out.add(record);
                });
                out.writeTo(file);
                file.getFD().sync();
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            for (var e : list(CHECKPOINT).entrySet()) {
                if (e.getKey() < throughSegment) {
                    Files.deleteIfExists(e.getValue());
                }
            }
            for (var e : list(SEGMENT).entrySet()) {
                if (e.getKey() <= throughSegment) {
                    Files.deleteIfExists(e.getValue());
                }
            }
            syncDirectory();
        }
    }

    /** Writes the records of a checkpoint; see {@link WriteAheadLog#checkpoint}. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void write(RecordSink sink) throws IOException;
    }

    /**
     * Reads the latest checkpoint and then the closed segments up to {@code throughSegment}, in
     * order, for building the next checkpoint. These files were forced and validated at open, so
     * damage here is reported, not repaired.
     *
     * @throws CorruptWalException if a file is damaged or a segment is missing
     */
    public void read(int throughSegment, RecordConsumer consumer) throws IOException {
        synchronized (maintenance) {
            ensureOpen();
            if (throughSegment >= activeIndex) {
                throw new IllegalArgumentException("segment " + throughSegment + " is still active");
            }
            var checkpoints = list(CHECKPOINT);
            int from = 0;
            if (!checkpoints.isEmpty()) {
                var last = checkpoints.lastEntry();
                readStrict(last.getValue(), FileHeader.CHECKPOINT, last.getKey(), consumer);
                from = last.getKey() + 1;
            }
            Integer expected = null;
            for (var e : list(SEGMENT).subMap(from, true, throughSegment, true).entrySet()) {
                if (expected != null && e.getKey() != expected.intValue()) {
                    throw new CorruptWalException("WAL segment " + segmentName(expected) + " is missing");
                }
                readStrict(e.getValue(), FileHeader.SEGMENT, e.getKey(), consumer);
                expected = e.getKey() + 1;
            }
        }
    }

    private void readStrict(Path file, FileHeader header, long sequence, RecordConsumer consumer)
            throws IOException {
        try (WalFileReader in = new WalFileReader(file, header, sequence, options.maxRecordBytes())) {
            for (ByteBuffer r = in.next(); r != null; r = in.next()) {
                consumer.accept(r);
            }
            if (in.corruption() != null) {
                throw new CorruptWalException(file + ": " + in.corruption());
            }
        }
    }

    /**
     * Commits anything still queued, forces and closes the active segment, and releases the
     * directory. Appends afterwards fail with {@link IllegalStateException}.
     */
    @Override
    public void close() throws IOException {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            while (committing || (!pending.isEmpty() && failure == null)) {
                if (!committing) {
                    commitPending();
                } else {
                    commitEnded.awaitUninterruptibly();
                }
            }
            closed = true;
            committing = true; // nobody writes any more
        } finally {
            mutex.unlock();
        }
        try {
            if (failure == null) {
                active.getFD().sync();
            }
            active.close();
        } finally {
            releaseLock();
        }
    }

    // ---- recovery ----

    private int recover(RecordConsumer replay) throws IOException {
        for (Path tmp : list(CHECKPOINT_TMP).values()) {
            Files.deleteIfExists(tmp);
        }
        var checkpoints = list(CHECKPOINT);
        int checkpoint = checkpoints.isEmpty() ? -1 : checkpoints.lastKey();
        // Leftovers of a checkpoint that was renamed into place but not yet cleaned up.
        for (var e : checkpoints.headMap(checkpoint).entrySet()) {
            Files.deleteIfExists(e.getValue());
        }
        var segments = list(SEGMENT);
        for (var e : segments.headMap(checkpoint, true).entrySet()) {
            Files.deleteIfExists(e.getValue());
        }
        var live = segments.tailMap(checkpoint, false);

        Damage damage = null;
        if (checkpoint >= 0) {
            damage = replayFile(checkpoints.get(checkpoint), FileHeader.CHECKPOINT, checkpoint, replay);
        }
        int next = checkpoint + 1;
        Integer expected = null;
        for (var e : live.entrySet()) {
            int index = e.getKey();
            Path file = e.getValue();
            if (damage == null && expected != null && index != expected) {
                damage = new Damage(dir.resolve(segmentName(expected)), "segment file missing", 0);
            }
            if (damage != null) {
                damage.laterFiles++;
                damage.droppedBytes += Files.size(file);
                Files.delete(file);
                continue;
            }
            damage = replayFile(file, FileHeader.SEGMENT, index, replay);
            expected = index + 1;
            if (damage == null || Files.exists(file)) {
                next = index + 1;
            }
        }
        if (damage != null) {
            syncDirectory();
            Damage d = damage;
            LOG.warning(() -> "WAL " + dir + ": " + d.reason + " (" + d.file.getFileName() + ", byte " + d.keptBytes
                    + "); truncated there and dropped " + d.droppedBytes + " bytes"
                    + (d.laterFiles > 0 ? ", including " + d.laterFiles + " later segment file(s)" : ""));
        }
        return Math.max(next, 0);
    }

    /** Replays one file; on damage truncates it (or deletes it if even its header is unsound). */
    private Damage replayFile(Path file, FileHeader header, int sequence, RecordConsumer replay) throws IOException {
        long size;
        long good;
        String reason;
        try (WalFileReader in = new WalFileReader(file, header, sequence, options.maxRecordBytes())) {
            for (ByteBuffer r = in.next(); r != null; r = in.next()) {
                replay.accept(r);
            }
            if (in.corruption() == null) {
                return null;
            }
            size = in.fileSize();
            good = in.goodBytes();
            reason = in.corruption();
        }
        if (good < header.size()) {
            Files.delete(file);
        } else {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(good);
                ch.force(true);
            }
        }
        Damage d = new Damage(file, reason, good);
        d.droppedBytes = size - good;
        return d;
    }

    private static final class Damage {
        final Path file;
        final String reason;
        final long keptBytes;
        long droppedBytes;
        int laterFiles;

        Damage(Path file, String reason, long keptBytes) {
            this.file = file;
            this.reason = reason;
            this.keptBytes = keptBytes;
        }
    }

    // ---- files ----

    private void startSegment(int index) throws IOException {
        Path file = dir.resolve(segmentName(index));
        Files.createFile(file); // fails if it exists: a segment is never reused
        RandomAccessFile ch = new RandomAccessFile(file.toFile(), "rw");
        try {
            ByteBuffer header = FileHeader.SEGMENT.encode(index);
            ch.write(header.array(), header.position(), header.remaining());
            ch.getFD().sync();
            syncDirectory();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (active != null) {
            active.close();
        }
        active = ch;
        unforced = false; // the previous segment was forced before this one was started
        activeBytes = FileHeader.SEGMENT.size();
        activeIndex = index;
    }

    static String segmentName(int index) {
        return String.format(Locale.ROOT, "%08d.wal", index);
    }

    static String checkpointName(int throughSegment) {
        return String.format(Locale.ROOT, "checkpoint.%08d", throughSegment);
    }

    private TreeMap<Integer, Path> list(Pattern pattern) throws IOException {
        TreeMap<Integer, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    try {
                        out.put(Integer.parseInt(m.group(1)), p);
                    } catch (NumberFormatException e) {
                        LOG.warning(() -> "WAL " + dir + ": ignoring " + p.getFileName() + ", index out of range");
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    private void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for sync; the files themselves are forced.
            LOG.log(Level.FINE, "cannot sync directory " + dir, e);
        }
    }

    private void releaseLock() throws IOException {
        try {
            dirLock.release();
        } finally {
            lockChannel.close();
        }
    }
}

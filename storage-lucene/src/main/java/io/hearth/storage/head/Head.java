package io.hearth.storage.head;

import io.hearth.spi.storage.ActiveSeries;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StorageStats;
import io.hearth.storage.exemplar.ExemplarStore;
import io.hearth.storage.index.LucenePostings;
import io.hearth.storage.record.CorruptRecordException;
import io.hearth.storage.record.ExemplarBatch;
import io.hearth.storage.record.FloatHistogramSampleBatch;
import io.hearth.storage.record.HistogramSampleBatch;
import io.hearth.storage.record.RecordDecoder;
import io.hearth.storage.record.RecordType;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.record.SeriesBatch;
import io.hearth.storage.wal.WriteAheadLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The in-memory head of one workspace's store: every series by label set and by ref, their chunks,
 * the Lucene postings over their labels, and the write-ahead log that makes them durable.
 *
 * <h2>Write path</h2>
 * An {@link HeadAppender} buffers samples. Its commit, under the head's commit lock, creates the
 * new series (ref, postings), checks each sample against the series's <em>reservation</em> (the
 * newest timestamp and value of everything committed before, durable or not), reserves the
 * accepted ones, encodes series and sample records and submits them to the WAL, and takes a
 * commit sequence number. Outside the lock it waits for the WAL's group commit to force them,
 * then, in sequence-number order, writes the samples into the chunks. So the chunks receive
 * samples in exactly the order of the WAL, with no second check, and replaying the WAL rebuilds
 * them exactly; while concurrent commits share one force.
 *
 * <h2>Replay</h2>
 * {@link #open} replays the WAL into an empty head: series records create series with their
 * refs, sample records are applied as the commits applied them. The postings are rebuilt from the
 * series (their directory is scratch space).
 *
 * <h2>Garbage collection</h2>
 * After a block cut, {@link HeadTruncation#removeEmptySeries} removes the series left without
 * samples (all in blocks) from the table, the refs, the postings and the exemplar state, and the
 * WAL checkpoint then leaves out their series records. Refs are never reused: a series appended to
 * again is created anew with the next ref. An appender that looked a series up before a removal
 * notices it at commit (the head's {@link #gcEpoch} moved on) and looks the series up again under
 * the commit lock, creating it anew if it was removed.
 *
 * <h2>Failure</h2>
 * A commit that fails (the WAL's write or force, or indexing a new series) gives up its turn so
 * that later commits are not blocked, but samples it reserved stay reserved: as after a WAL
 * failure, which stops all appends anyway, the owner closes and reopens the head, and replay
 * restores what is really durable.
 *
 * <h2>Threads</h2>
 * Thread-safe. Appenders and queriers may be used from any number of threads.
 */
public final class Head implements Closeable {

    private static final Logger LOG = Logger.getLogger(Head.class.getName());
    private static final String LOCK_FILE = "LOCK";

    final HeadOptions options;
    WriteAheadLog wal; // set once, after replay
    final LucenePostings postings;
    final ExemplarStore exemplars;
    final HeadChunkFile chunkFile;

    private final SeriesTable byLabels = new SeriesTable();
    private volatile HeadSeries[] byRef = new HeadSeries[1024]; // null at removed refs
    private volatile int seriesCount; // one more than the highest ref handed out
    private volatile int liveSeries; // written under the commit lock or by the replay
    /** Counts series removals; written under the commit lock after the removals it counts. */
    volatile int gcEpoch;
    /** Series removed since open; written under the commit lock (or by the replay) with each removal. */
    private volatile long removedSeries;

    final ReentrantLock commitLock = new ReentrantLock();
    private long lastSeq; // guarded by commitLock
    final LabelStrings labelStrings = new LabelStrings(); // guarded by commitLock
    final CommitBuffers.Pool commitBuffers =
            new CommitBuffers.Pool(Math.clamp(2L * Runtime.getRuntime().availableProcessors(), 4, 16));

    private final ReentrantLock applyLock = new ReentrantLock();
    private final Condition applied = applyLock.newCondition();
    private volatile long appliedSeq;

    /**
     * Samples older than this are refused: they belong to a time range already cut into a block.
     * Written under the commit lock (see {@link HeadTruncation}), read there once per commit.
     */
    volatile long minValidTime = Long.MIN_VALUE;

    final LongAdder headSamples = new LongAdder();
    final LongAdder headChunks = new LongAdder();
    final LongAdder samplesAppended = new LongAdder();
    private volatile boolean closed;

    private final FileChannel lockChannel;
    private final FileLock lock;

    private Head(Path dir, HeadOptions options, FileChannel lockChannel, FileLock lock, HeadChunkFile chunkFile)
            throws IOException {
        this.options = options;
        this.chunkFile = chunkFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postings = new LucenePostings(dir.resolve("postings"), ref -> {
            HeadSeries s = byRef[ref];
            return s == null ? null : s.labels;
        }, options.postingsOverlayLimit());
        this.exemplars = new ExemplarStore(options.maxExemplars());
    }

    /**
     * Opens the head stored in {@code dir} ({@code wal/}, the scratch {@code postings/} and
     * {@code head_chunks/}, and a {@code LOCK} file held with an OS lock while open), replaying the
     * log.
     *
     * @throws IOException if the directory is locked by another process or on I/O failure
     */
    public static Head open(Path dir, HeadOptions options) throws IOException {
        return open(dir, options, HeadChunkFile.MAX_SEGMENT_BYTES);
    }

    /** As {@link #open(Path, HeadOptions)} with smaller head chunk segments, for tests. */
    static Head open(Path dir, HeadOptions options, int maxChunkSegmentBytes) throws IOException {
        Files.createDirectories(dir);
        // lock the whole store before the postings directory is wiped and the WAL replayed
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("store " + dir + " is already open");
        }
        Head head = null;
        HeadChunkFile chunkFile = null;
        try {
            chunkFile = HeadChunkFile.open(dir, maxChunkSegmentBytes);
            head = new Head(dir, options, lockChannel, lock, chunkFile);
            Replay replay = new Replay(head);
            long start = System.nanoTime();
            head.wal = WriteAheadLog.open(dir.resolve("wal"), options.wal(), replay::accept);
            head.postings.refresh();
            long millis = (System.nanoTime() - start) / 1_000_000;
            Head opened = head;
            LOG.info(() -> "head " + dir + ": replayed " + opened.liveSeries + " series, " + replay.samples
                    + " samples and " + replay.exemplars + " exemplars in " + millis + " ms");
            return head;
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (head != null) {
                    head.postings.close();
                }
            } finally {
                if (chunkFile != null) {
                    chunkFile.close();
                }
                lock.release();
                lockChannel.close();
            }
            throw e;
        }
    }

    /** A new write batch. */
    public HeadAppender appender() {
        ensureOpen();
        return new HeadAppender(this);
    }

    /** A read view over {@code [minT, maxT]}. */
    public HeadQuerier querier(long minT, long maxT) {
        ensureOpen();
        return new HeadQuerier(this, minT, maxT);
    }

    /** Current counters. */
    public StorageStats stats() {
        return new StorageStats(liveSeries, headSamples.sum(), headChunks.sum(), samplesAppended.sum());
    }

    /**
     * The series in the head, the fence (every series left after a garbage collection has a sample
     * at or after it, and no block reaches it) and the removals so far. The removals are read
     * first, so a caller that sees them unchanged later saw no removal that this answer misses.
     */
    public ActiveSeries activeSeries() {
        long removed = removedSeries;
        return new ActiveSeries(liveSeries, minValidTime, removed);
    }

    /**
     * Forces the WAL records that a {@linkplain io.hearth.storage.wal.WalOptions#forceIntervalMillis()
     * force interval} left written but unforced; its storage calls this on a timer of that interval.
     *
     * @throws IOException if forcing failed; the head then accepts no more commits
     */
    public void forceWal() throws IOException {
        wal.force();
    }

    /** How many times the WAL forced records to disk since open ({@link WriteAheadLog#forceCount()}). */
    public long walForceCount() {
        return wal.forceCount();
    }

    /** The WAL, for {@link HeadTruncation}. */
    WriteAheadLog wal() {
        return wal;
    }

    /** The last commit sequence number handed out; caller holds the commit lock. */
    long lastSeq() {
        return lastSeq;
    }

    /** Blocks until every commit up to {@code seq} has been applied (or abandoned). */
    void awaitApplied(long seq) {
        applyLock.lock();
        try {
            while (appliedSeq < seq) {
                applied.awaitUninterruptibly();
            }
        } finally {
            applyLock.unlock();
        }
    }

    /** The series with these labels, or null. */
    HeadSeries series(Labels labels) {
        return byLabels.get(labels);
    }

    /** The series with this ref, or null if it was removed; call with refs below {@link #seriesCount()}. */
    HeadSeries series(int ref) {
        return byRef[ref];
    }

    /** The series with this ref, or null if there is none (never created, or removed). */
    HeadSeries seriesOrNull(long ref) {
        HeadSeries[] refs = byRef;
        return ref >= 0 && ref < refs.length ? refs[(int) ref] : null;
    }

    /** One more than the highest ref handed out: the bound of a loop over refs, which skips removed ones. */
    int seriesCount() {
        return seriesCount;
    }

    /**
     * Removes a series from the table, the refs and the exemplar state (not from the postings, which
     * the caller updates for a whole batch). Caller holds the commit lock (or is the replay), and has
     * made sure no commit holds a reservation for it.
     */
    void removeSeries(HeadSeries s) {
        if (!byLabels.remove(s)) {
            throw new IllegalStateException("series " + s.ref + " " + s.labels + " is not in the head");
        }
        byRef[s.ref] = null;
        exemplars.forget(s.ref);
        liveSeries--;
        removedSeries++;
    }

    long appliedSeq() {
        return appliedSeq;
    }

    /**
     * Returns the series, creating it with the next ref and indexing it if new. Caller holds the
     * commit lock (or is the replay).
     *
     * @param created receives a new series for its WAL record; may be null during replay
     */
    HeadSeries getOrCreate(Labels labels, SeriesBatch created) throws IOException {
        HeadSeries s = byLabels.get(labels);
        if (s != null) {
            return s;
        }
        return create(seriesCount, labels, created);
    }

    private HeadSeries create(int ref, Labels given, SeriesBatch created) throws IOException {
        String[] pairs = labelStrings.canonicalPairs(given);
        Labels labels = Labels.ofSortedPairs(pairs);
        HeadSeries s = new HeadSeries(ref, labels);
        HeadSeries[] refs = byRef;
        if (ref >= refs.length) {
            refs = Arrays.copyOf(refs, Math.max(ref + 1, refs.length * 2));
        }
        refs[ref] = s; // before the postings, whose overlay looks refs up here
        byRef = refs;
        try {
            postings.add(ref, labels);
        } catch (IOException | RuntimeException e) {
            refs[ref] = null; // not indexed, so not created: the ref is used by the next series
            throw e;
        }
        byLabels.put(s, pairs);
        seriesCount = ref + 1;
        liveSeries++;
        if (created != null) {
            created.add(ref, labels.toPairs());
        }
        return s;
    }

    /** A new commit sequence number; caller holds the commit lock. */
    long nextSeq() {
        return ++lastSeq;
    }

    /** Blocks until every commit before {@code seq} has been applied. */
    void awaitTurn(long seq) {
        applyLock.lock();
        try {
            while (appliedSeq != seq - 1) {
                applied.awaitUninterruptibly();
            }
        } finally {
            applyLock.unlock();
        }
    }

    /** Marks commit {@code seq} applied (or abandoned) and wakes the next. */
    void finishTurn(long seq) {
        applyLock.lock();
        try {
            appliedSeq = seq;
            applied.signalAll();
        } finally {
            applyLock.unlock();
        }
    }

    /**
     * Applies an in-order or out-of-order float sample that the reservation accepted (or that the
     * WAL holds). Takes the series lock. The caller counts it ({@link #countStored}).
     *
     * @return the number of chunks created (0 or 1)
     */
    int applyFloat(HeadSeries s, long t, long st, long bits) {
        synchronized (s) {
            if (t > s.maxT) {
                return s.appendFloat(t, st, bits, options.maxChunkSpanMillis(), chunkFile);
            }
            s.widen(t); // out of order: the sample is already in s.ooo
            return 0;
        }
    }

    /** Like {@link #applyFloat} for a histogram; {@code holder} is the caller's scratch holder. */
    int applyHistogram(HeadSeries s, long t, long st, FloatHistogram h, io.hearth.storage.chunk.FloatHistogram holder) {
        synchronized (s) {
            if (t > s.maxT) {
                return s.appendHistogram(t, st, Histograms.toChunk(h, holder), options.maxChunkSpanMillis(), chunkFile);
            }
            s.widen(t);
            return 0;
        }
    }

    /**
     * Counts samples and chunks that {@link #applyFloat} and {@link #applyHistogram} stored, once a
     * commit or a replayed record is through rather than per sample: a {@code LongAdder} update is a
     * locked instruction, which waits for the sample's cache-missing chunk stores before it.
     */
    void countStored(long samples, long chunks) {
        headSamples.add(samples);
        headChunks.add(chunks);
    }

    /** Adds an out-of-order sample, visible once commit {@code seq} is applied. Takes the series lock. */
    static void putOutOfOrder(HeadSeries s, long t, long bits, FloatHistogram h, long st, long seq) {
        synchronized (s) {
            if (s.ooo == null) {
                s.ooo = new TreeMap<>();
            }
            s.ooo.put(t, new HeadSeries.OooSample(bits, h, st, seq));
        }
    }

    /** Removes out-of-order samples of a commit whose WAL write failed. */
    static void dropOutOfOrder(HeadSeries s, long t, long seq) {
        synchronized (s) {
            if (s.ooo != null) {
                s.ooo.computeIfPresent(t, (k, v) -> v.seq() == seq ? null : v);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("head is closed");
        }
    }

    /** Closes the WAL (forcing anything queued) and drops the postings and the head chunk files. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            wal.close();
        } finally {
            try {
                postings.close();
            } finally {
                chunkFile.close();
                lock.release();
                lockChannel.close();
            }
        }
    }

    /** Rebuilds a head from WAL records, applying samples as the commits did. */
    private static final class Replay {
        final Head head;
        long samples;
        long exemplars;
        private final ExemplarBatch exemplarBatch = new ExemplarBatch();
        private final RecordDecoder decoder = new RecordDecoder();
        private final SeriesBatch series = new SeriesBatch();
        private final SampleBatch floats = new SampleBatch();
        private final HistogramSampleBatch ints = new HistogramSampleBatch();
        private final FloatHistogramSampleBatch hists = new FloatHistogramSampleBatch();
        private final io.hearth.storage.chunk.FloatHistogram holder = new io.hearth.storage.chunk.FloatHistogram();

        Replay(Head head) {
            this.head = head;
        }

        void accept(ByteBuffer record) throws IOException {
            switch (RecordType.of(record)) {
                case SERIES -> {
                    series.clear();
                    decoder.series(record, series);
                    for (int i = 0; i < series.size(); i++) {
                        long ref = series.ref(i);
                        Labels labels = Labels.ofSortedPairs(series.labels(i));
                        HeadSeries existing = head.byLabels.get(labels);
                        if (existing != null && existing.ref == ref) {
                            continue;
                        }
                        if (ref < head.seriesCount || ref > Integer.MAX_VALUE - 1) {
                            throw new CorruptRecordException("series record for ref " + ref + " " + labels
                                    + " does not follow the " + head.seriesCount + " refs before it");
                        }
                        if (existing != null) {
                            replaceRemoved(existing, ref);
                        }
                        head.create((int) ref, labels, null);
                    }
                }
                case FLOAT_SAMPLES, FLOAT_SAMPLES_WITH_STARTS -> {
                    floats.clear();
                    decoder.samples(record, floats);
                    long stored = 0;
                    long chunks = 0;
                    try {
                        for (int i = 0; i < floats.size(); i++) {
                            HeadSeries s = seriesOf(floats.ref(i));
                            long t = floats.timestamp(i);
                            long bits = floats.valueBits(i);
                            long st = floats.start(i);
                            if (!HeadAppender.reserveForReplay(s, t, bits, null, st)) {
                                continue;
                            }
                            chunks += head.applyFloat(s, t, st, bits);
                            stored++;
                        }
                    } finally {
                        head.countStored(stored, chunks);
                        samples += stored;
                    }
                }
                case FLOAT_HISTOGRAM_SAMPLES, FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS -> {
                    hists.clear();
                    decoder.floatHistogramSamples(record, hists);
                    for (int i = 0; i < hists.size(); i++) {
                        replayHistogram(hists.ref(i), hists.timestamp(i), hists.start(i),
                                Histograms.fromChunk(hists.histogram(i)));
                    }
                }
                case EXEMPLARS -> {
                    exemplarBatch.clear();
                    decoder.exemplars(record, exemplarBatch);
                    exemplars += HeadExemplars.replay(head, exemplarBatch);
                }
                case HISTOGRAM_SAMPLES -> {
                    ints.clear();
                    decoder.histogramSamples(record, ints);
                    for (int i = 0; i < ints.size(); i++) {
                        replayHistogram(ints.ref(i), ints.timestamp(i), 0,
                                Histograms.fromChunk(Histograms.fromInt(ints.histogram(i), holder)));
                    }
                }
            }
        }

        /**
         * A series record for labels the replay holds under an older ref: the head removed the older
         * series (all its samples were in blocks) and created it anew, and a crash came before a
         * checkpoint left the older one out. Its replayed samples are in blocks, so it goes.
         */
        private void replaceRemoved(HeadSeries old, long ref) throws IOException {
            long[] dropped = old.truncateBefore(Long.MAX_VALUE, head.chunkFile);
            head.headChunks.add(-dropped[0]);
            head.headSamples.add(-dropped[1]);
            head.removeSeries(old);
            head.postings.remove(new int[] {old.ref});
            LOG.info(() -> "replay: series " + old.labels + " was removed from the head as ref " + old.ref
                    + " and created again as ref " + ref);
        }

        private void replayHistogram(long ref, long t, long st, FloatHistogram h) throws CorruptRecordException {
            HeadSeries s = seriesOf(ref);
            if (!HeadAppender.reserveForReplay(s, t, 0, h, st)) {
                return;
            }
            head.countStored(1, head.applyHistogram(s, t, st, h, holder));
            samples++;
        }

        private HeadSeries seriesOf(long ref) throws CorruptRecordException {
            HeadSeries s = head.seriesOrNull(ref);
            if (s == null) {
                throw new CorruptRecordException("sample for unknown series ref " + ref);
            }
            return s;
        }
    }
}

package io.hearth.storage.index;

import io.hearth.spi.storage.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.RandomAccessInput;

/**
 * The series file of a block index: per series, in position (label) order, its label pairs as
 * ordinals into the block's symbol table and the block layer's numbers for it. Laid out as:
 *
 * <pre>
 * Lucene codec header (HearthBlockSeries, version 2; version 1 still reads)
 * version 2: vint stride, vint positionAt, vint lengthAt, vint overhead: the {@link NumberChain}, stride 0 for none
 * entries, in groups of {@value #GROUP}; each entry, against the one before in its group (none for a group's first):
 *   vint head       shared << 4 | min(fresh, 3) << 2 | 2 if it has as many numbers as the previous entry
 *                   | 1 if its chained position continues where the previous entry ended (then not stored)
 *                   (version 1: vint shared, vint fresh)
 *   vint fresh - 3  only if min(fresh, 3) is 3
 *   (pairs)         for each of the fresh label pairs following the shared ones, at slot k: vlong (zigzag(value
 *                   ordinal minus the previous entry's at k, or 0) << 1 | 1 if the name is the previous entry's at k),
 *                   then, unless it is, vint name ordinal
 *   vint refs       the count of numbers, unless the head says it is the previous entry's (version 1: always)
 *   (numbers)       for each: zlong minus the previous entry's number at that index (or 0); with a chain, the
 *                   number at positionAt is first taken minus where the previous entry of the group ended
 * symbols, in the order they first appear: Lucene strings (vint length, UTF-8)
 * long[groups]      file pointer of each group's first entry
 * long[ceil(symbols / 16)]  file pointer of every 16th symbol
 * long entry restarts at, long symbol restarts at, int series, int symbols
 * Lucene codec footer (CRC32)
 * </pre>
 *
 * Next to series in label order most labels are the same and the chunk references differ little,
 * so an entry takes a few bytes; groups keep a random read to at most {@value #GROUP} entries of
 * decoding and no decompression. The file's name does not look like a Lucene file's, so Lucene
 * leaves it alone. Readers are thread-safe; their {@link Cursor}s are not.
 */
final class SeriesFile implements Closeable {

    static final String NAME = "series";
    static final String CODEC = "HearthBlockSeries";
    /** The version written: one head varint per entry for the label counts and whether its count of numbers repeats. */
    static final int VERSION = 2;
    /** The version with separate counts. */
    static final int VERSION_SEPARATE_COUNTS = 1;
    /** Fresh label pairs a version-2 head holds; more add a varint. */
    private static final int HEAD_FRESH = 3;
    static final int GROUP = 32;
    private static final int SYMBOL_GROUP = 16;
    private static final int TRAILER = 2 * Long.BYTES + 2 * Integer.BYTES;

    private final IndexInput in;
    private final RandomAccessInput entryRestarts;
    private final RandomAccessInput symbolRestarts;
    private final int series;
    private final int symbols;
    private final int version;
    private final NumberChain chain;

    private SeriesFile(IndexInput in) throws IOException {
        this.in = in;
        this.version = CodecUtil.checkHeader(in, CODEC, VERSION_SEPARATE_COUNTS, VERSION);
        this.chain = version >= VERSION ? readChain(in) : null;
        CodecUtil.retrieveChecksum(in); // checks the footer is whole
        long trailerAt = in.length() - CodecUtil.footerLength() - TRAILER;
        in.seek(trailerAt);
        long entryRestartsAt = in.readLong();
        long symbolRestartsAt = in.readLong();
        this.series = in.readInt();
        this.symbols = in.readInt();
        long groups = (series + GROUP - 1L) / GROUP;
        long symbolGroups = (symbols + SYMBOL_GROUP - 1L) / SYMBOL_GROUP;
        if (series < 0 || symbols < 0 || entryRestartsAt < 0 || symbolRestartsAt != entryRestartsAt + groups * Long.BYTES
                || trailerAt != symbolRestartsAt + symbolGroups * Long.BYTES) {
            throw new CorruptIndexException("series file trailer does not add up", in);
        }
        this.entryRestarts = in.randomAccessSlice(entryRestartsAt, groups * Long.BYTES);
        this.symbolRestarts = in.randomAccessSlice(symbolRestartsAt, symbolGroups * Long.BYTES);
    }

    /** Opens the series file of {@code dir}, or returns null if the index was written before it existed. */
    static SeriesFile open(Directory dir) throws IOException {
        IndexInput in;
        try {
            in = dir.openInput(NAME, IOContext.DEFAULT);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return null;
        }
        try {
            return new SeriesFile(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The number of series. */
    int size() {
        return series;
    }

    /** A reader for one thread, fastest for positions in ascending order. */
    Cursor cursor() {
        return new Cursor();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Writes the chain of a version-2 file after its header. */
    static void writeChain(DataOutput out, NumberChain chain) throws IOException {
        if (chain == null) {
            out.writeVInt(0);
            return;
        }
        out.writeVInt(chain.stride());
        out.writeVInt(chain.positionAt());
        out.writeVInt(chain.lengthAt());
        out.writeVInt(chain.overhead());
    }

    private static NumberChain readChain(IndexInput in) throws IOException {
        int stride = in.readVInt();
        if (stride == 0) {
            return null;
        }
        try {
            return new NumberChain(stride, in.readVInt(), in.readVInt(), in.readVInt());
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException("series file with " + e.getMessage(), in);
        }
    }

    /** Writes one entry (see the class comment) against the previous one of its group, in {@link #VERSION}. */
    static void writeEntry(DataOutput out, int[] prevPairs, int[] pairs, long[] prevRefs, long[] refs) throws IOException {
        writeEntry(out, prevPairs, pairs, prevRefs, refs, VERSION, -1);
    }

    /**
     * Writes one entry as {@code version} (1 or 2) lays it out; version 1 for tests of older files.
     * {@code omitAt}, in version 2 with a chain, is the chain's position index when that number is
     * 0 (the series continues where the previous one ended) and is left out; else -1.
     */
    static void writeEntry(DataOutput out, int[] prevPairs, int[] pairs, long[] prevRefs, long[] refs, int version, int omitAt)
            throws IOException {
        int shared = 0;
        while (shared + 1 < Math.min(prevPairs.length, pairs.length)
                && prevPairs[shared] == pairs[shared] && prevPairs[shared + 1] == pairs[shared + 1]) {
            shared += 2;
        }
        int fresh = (pairs.length - shared) / 2;
        boolean sameCount = refs.length == prevRefs.length;
        if (version == VERSION_SEPARATE_COUNTS) {
            out.writeVInt(shared / 2);
            out.writeVInt(fresh);
        } else {
            out.writeVInt(shared / 2 << 4 | Math.min(fresh, HEAD_FRESH) << 2 | (sameCount ? 2 : 0) | (omitAt >= 0 ? 1 : 0));
            if (fresh >= HEAD_FRESH) {
                out.writeVInt(fresh - HEAD_FRESH);
            }
        }
        for (int k = shared; k < pairs.length; k += 2) {
            boolean sameName = k < prevPairs.length && prevPairs[k] == pairs[k];
            long delta = (long) pairs[k + 1] - (k + 1 < prevPairs.length ? prevPairs[k + 1] : 0);
            out.writeVLong(((delta << 1) ^ (delta >> 63)) << 1 | (sameName ? 1 : 0));
            if (!sameName) {
                out.writeVInt(pairs[k]);
            }
        }
        if (version == VERSION_SEPARATE_COUNTS || !sameCount) {
            out.writeVInt(refs.length);
        }
        for (int j = 0; j < refs.length; j++) {
            if (j != omitAt) {
                out.writeZLong(refs[j] - (j < prevRefs.length ? prevRefs[j] : 0));
            }
        }
    }

    /** Writes what follows the entries (see the class comment) and the footer. */
    static void finish(IndexOutput out, long[] groupStarts, int series, List<String> symbols) throws IOException {
        long[] symbolStarts = new long[(symbols.size() + SYMBOL_GROUP - 1) / SYMBOL_GROUP];
        for (int i = 0; i < symbols.size(); i++) {
            if (i % SYMBOL_GROUP == 0) {
                symbolStarts[i / SYMBOL_GROUP] = out.getFilePointer();
            }
            out.writeString(symbols.get(i));
        }
        long entryRestartsAt = out.getFilePointer();
        for (int g = 0; g < (series + GROUP - 1) / GROUP; g++) {
            out.writeLong(groupStarts[g]);
        }
        long symbolRestartsAt = out.getFilePointer();
        for (long p : symbolStarts) {
            out.writeLong(p);
        }
        out.writeLong(entryRestartsAt);
        out.writeLong(symbolRestartsAt);
        out.writeInt(series);
        out.writeInt(symbols.size());
        CodecUtil.writeFooter(out);
    }

    /** Reads entries for one thread; keeps the group it is in, so ascending reads decode each entry once. */
    final class Cursor {
        private static final int CACHE = 256;
        private final IndexInput entries = in.clone();
        private final IndexInput strings = in.clone();
        private final String[] cached = new String[CACHE];
        private final int[] cachedOrd = new int[CACHE];
        private int[] pairs = new int[16];
        private int pairCount;
        private long[] refs = new long[8];
        private int refCount;
        private long end; // by the chain, where the entry decoded last ended (0 before a group's first)
        private long before; // the same for the entry before it: what its stored position is relative to
        private int at = -1; // the position decoded last, -1 if none

        private Cursor() {
            Arrays.fill(cachedOrd, -1);
        }

        /**
         * Decodes series {@code position}; then {@link #labels} and {@link #refs} give it.
         *
         * @throws IOException if the file is damaged
         */
        void read(int position) throws IOException {
            if (position < 0 || position >= series) {
                throw new IndexOutOfBoundsException("series " + position + " of " + series);
            }
            if (at < 0 || position < at || position / GROUP != at / GROUP) {
                entries.seek(entryRestarts.readLong((long) (position / GROUP) * Long.BYTES));
                pairCount = 0;
                refCount = 0;
                end = 0;
                at = position / GROUP * GROUP - 1;
            }
            while (at < position) {
                next();
                at++;
            }
        }

        private void next() throws IOException {
            int shared;
            int fresh;
            boolean sameCount = false;
            boolean continues = false; // the chained position is 0 and not stored
            if (version == VERSION_SEPARATE_COUNTS) {
                shared = entries.readVInt() * 2;
                fresh = entries.readVInt() * 2;
            } else {
                int head = entries.readVInt();
                shared = (head >>> 4) * 2;
                fresh = (head >>> 2 & HEAD_FRESH) * 2;
                sameCount = (head & 2) != 0;
                continues = (head & 1) != 0;
                if (fresh == 2 * HEAD_FRESH) {
                    fresh += entries.readVInt() * 2;
                }
            }
            if (shared > pairCount || shared < 0 || fresh < 0 || shared + fresh > 2 * 1024) {
                throw new CorruptIndexException("series entry with " + shared + "+" + fresh + " label strings", entries);
            }
            int total = shared + fresh;
            if (total > pairs.length) {
                pairs = Arrays.copyOf(pairs, Math.max(total, pairs.length * 2));
            }
            for (int k = shared; k < total; k += 2) {
                long prevValue = k + 1 < pairCount ? pairs[k + 1] : 0;
                long v = entries.readVLong();
                if ((v & 1) != 0) {
                    if (k >= pairCount) {
                        throw new CorruptIndexException("series entry repeats a label name it has not got", entries);
                    }
                } else {
                    pairs[k] = entries.readVInt();
                }
                long z = v >>> 1;
                long value = prevValue + ((z >>> 1) ^ -(z & 1));
                if (value < 0 || value >= symbols) {
                    throw new CorruptIndexException("label value symbol " + value + " of " + symbols, entries);
                }
                pairs[k + 1] = (int) value;
            }
            pairCount = total;
            int n = sameCount ? refCount : entries.readVInt();
            if (n < 0 || n > 1 << 20) {
                throw new CorruptIndexException("series entry with " + n + " numbers", entries);
            }
            if (n > refs.length) {
                refs = Arrays.copyOf(refs, Math.max(n, refs.length * 2));
            }
            if (continues && (chain == null || n <= chain.positionAt())) {
                throw new CorruptIndexException("series entry continues a chain it has not got", entries);
            }
            int omitted = continues ? chain.positionAt() : -1;
            for (int j = 0; j < n; j++) {
                refs[j] = j == omitted ? 0 : (j < refCount ? refs[j] : 0) + entries.readZLong();
            }
            refCount = n;
            before = end;
            if (chain != null && n > chain.positionAt()) {
                int p = chain.positionAt();
                long stored = refs[p];
                refs[p] = stored + before; // refs keeps the stored numbers, which the next entry is coded against
                end = chain.end(refs, n, before);
                refs[p] = stored;
            }
        }

        /** The labels of the series read last. */
        Labels labels() throws IOException {
            String[] out = new String[pairCount];
            for (int k = 0; k < pairCount; k++) {
                out[k] = symbol(pairs[k]);
            }
            return Labels.ofSortedPairs(out);
        }

        /** The numbers of the series read last. */
        long[] refs() {
            long[] out = Arrays.copyOf(refs, refCount);
            if (chain != null && refCount > chain.positionAt()) {
                out[chain.positionAt()] += before;
            }
            return out;
        }

        private String symbol(int ord) throws IOException {
            int slot = ord & (CACHE - 1);
            if (cachedOrd[slot] == ord) {
                return cached[slot];
            }
            if (ord < 0 || ord >= symbols) {
                throw new CorruptIndexException("symbol " + ord + " of " + symbols, strings);
            }
            strings.seek(symbolRestarts.readLong((long) (ord / SYMBOL_GROUP) * Long.BYTES));
            for (int i = ord % SYMBOL_GROUP; i > 0; i--) {
                strings.skipBytes(strings.readVInt());
            }
            String s = strings.readString();
            cached[slot] = s;
            cachedOrd[slot] = ord;
            return s;
        }
    }
}

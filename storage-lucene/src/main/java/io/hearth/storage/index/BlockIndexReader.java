package io.hearth.storage.index;

import io.hearth.spi.storage.LabelMatcher;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the index a {@link BlockIndexWriter} wrote: matchers are evaluated on its postings as on
 * the head's ({@link MatcherPostings}), and a series is addressed by its position in label order. A series's labels
 * and numbers come from the series file ({@link #series()}), or, in an index written before it
 * existed, from a stored entry ({@link #entries()}). Thread-safe.
 */
public final class BlockIndexReader implements Closeable {

    private final Directory directory;
    private final DirectoryReader reader;
    private final SeriesFile seriesFile;

    /**
     * A series's labels and the numbers the block layer stored for it.
     *
     * @param labels its labels
     * @param refs its numbers, as given to {@link BlockIndexWriter#add}
     */
    public record SeriesRecord(io.hearth.spi.storage.Labels labels, long[] refs) {
    }

    /**
     * Opens the index in {@code dir}.
     *
     * @throws IOException if it is missing or Lucene finds it damaged
     */
    public BlockIndexReader(Path dir) throws IOException {
        this.directory = FSDirectory.open(dir);
        DirectoryReader r = null;
        try {
            r = DirectoryReader.open(directory);
            this.seriesFile = SeriesFile.open(directory);
            if (seriesFile != null && seriesFile.size() != r.maxDoc()) {
                throw new org.apache.lucene.index.CorruptIndexException("series file holds " + seriesFile.size()
                        + " series, the index " + r.maxDoc(), dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                r.close();
            }
            directory.close();
            throw e;
        }
        this.reader = r;
    }

    /** The number of series. */
    public int size() {
        return reader.maxDoc();
    }

    /** The positions of the series matching every matcher, ascending (so in label order). */
    public int[] select(List<LabelMatcher> matchers) {
        try {
            int[][] out = {new int[64]};
            int[] n = {0};
            MatcherPostings.match(reader, matchers, new MatcherPostings.LeafSink() {
                private int docBase;

                @Override
                public void leaf(LeafReaderContext leaf) {
                    docBase = leaf.docBase;
                }

                @Override
                public void doc(int doc) {
                    if (n[0] == out[0].length) {
                        out[0] = Arrays.copyOf(out[0], n[0] * 2);
                    }
                    out[0][n[0]++] = docBase + doc;
                }
            });
            return Arrays.copyOf(out[0], n[0]); // leaves in order, docs ascending in each: already sorted
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the series are in stored entries ({@link #entries()}): an index written before the series file. */
    public boolean hasStoredEntries() {
        return seriesFile == null;
    }

    /**
     * A reader of series records for one thread, for positions in ascending order (as
     * {@link #select} gives them; any order works, only slower).
     *
     * @throws IllegalStateException if the index {@linkplain #hasStoredEntries() has stored entries} instead
     */
    public java.util.function.IntFunction<SeriesRecord> series() {
        if (seriesFile == null) {
            throw new IllegalStateException("block index " + directory + " keeps series in stored entries");
        }
        SeriesFile.Cursor cursor = seriesFile.cursor();
        return position -> {
            try {
                cursor.read(position);
                return new SeriesRecord(cursor.labels(), cursor.refs());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * A reader of stored entries for one thread, in an index that {@linkplain #hasStoredEntries()
     * has them}, for positions in ascending order (as {@link #select} gives
     * them; any order works, only slower). It reads through Lucene's sequential ("merge")
     * instance of the stored fields, which decompresses each compressed block once and serves the
     * following documents from it: the ordinary reader decompressed a block (with its preset
     * dictionary) again for every document, which was most of the time of selecting from a block.
     */
    public java.util.function.IntFunction<byte[]> entries() {
        if (seriesFile != null) {
            throw new IllegalStateException("block index " + directory + " keeps series in its series file");
        }
        List<LeafReaderContext> leaves = reader.leaves();
        StoredFieldsReader[] sequential = new StoredFieldsReader[leaves.size()];
        StoredFields[] plain = new StoredFields[leaves.size()];
        try {
            for (int i = 0; i < sequential.length; i++) {
                if (leaves.get(i).reader() instanceof CodecReader codec && codec.getFieldsReader() != null) {
                    sequential[i] = codec.getFieldsReader().getMergeInstance();
                } else {
                    plain[i] = leaves.get(i).reader().storedFields();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EntryVisitor visitor = new EntryVisitor();
        return position -> {
            int leaf = leaves.size() == 1 ? 0 : ReaderUtil.subIndex(position, leaves);
            int doc = position - leaves.get(leaf).docBase;
            visitor.entry = null;
            try {
                if (sequential[leaf] != null) {
                    sequential[leaf].document(doc, visitor);
                } else {
                    plain[leaf].document(doc, visitor);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (visitor.entry == null) {
                throw new UncheckedIOException(new IOException("block index document " + position + " has no series entry"));
            }
            return visitor.entry;
        };
    }

    /** Keeps the entry field of one document and stops reading it there. */
    private static final class EntryVisitor extends StoredFieldVisitor {
        byte[] entry;

        @Override
        public Status needsField(FieldInfo field) {
            if (entry != null) {
                return Status.STOP;
            }
            return field.name.equals(BlockIndexWriter.ENTRY_FIELD) ? Status.YES : Status.NO;
        }

        @Override
        public void binaryField(FieldInfo field, byte[] value) {
            entry = value;
        }
    }

    /** Every label name, sorted, from the term dictionary. */
    public List<String> allNames() {
        return terms(LucenePostings.NAMES_FIELD);
    }

    /** Every value of label {@code name}, sorted, from the term dictionary. */
    public List<String> allValues(String name) {
        return terms(LucenePostings.field(name));
    }

    private List<String> terms(String field) {
        try {
            List<String> out = new ArrayList<>();
            Terms terms = MultiTerms.getTerms(reader, field);
            if (terms != null) {
                TermsEnum te = terms.iterator();
                for (BytesRef t = te.next(); t != null; t = te.next()) {
                    out.add(t.utf8ToString());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Directory d = directory; SeriesFile f = seriesFile) {
            reader.close();
        }
    }
}

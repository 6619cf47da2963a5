package io.hearth.storage.index;

import io.hearth.spi.storage.LabelMatcher;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the index a {@link BlockIndexWriter} wrote: matchers become the same Lucene queries as for
 * the head's postings, and a series is addressed by its position in label order. Thread-safe.
 */
public final class BlockIndexReader implements Closeable {

    private final Directory directory;
    private final DirectoryReader reader;

    /**
     * Opens the index in {@code dir}.
     *
     * @throws IOException if it is missing or Lucene finds it damaged
     */
    public BlockIndexReader(Path dir) throws IOException {
        this.directory = FSDirectory.open(dir);
        try {
            this.reader = DirectoryReader.open(directory);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** The number of series. */
    public int size() {
        return reader.maxDoc();
    }

    /** The positions of the series matching every matcher, ascending (so in label order). */
    public int[] select(List<LabelMatcher> matchers) {
        try {
            Query q = LucenePostings.toQuery(reader, matchers);
            if (q instanceof MatchNoDocsQuery) {
                return new int[0];
            }
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null);
            Weight weight = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
            int[] out = new int[64];
            int n = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                Scorer scorer = weight.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                DocIdSetIterator docs = scorer.iterator();
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = leaf.docBase + doc;
                }
            }
            int[] refs = Arrays.copyOf(out, n);
            Arrays.sort(refs);
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry stored for series {@code position}. */
    public byte[] entry(int position) {
        return entries().apply(position);
    }

    /**
     * A reader of entries for one thread, keeping Lucene's decompressed stored-field block between
     * calls, so reading the entries of a select in position order decompresses each block once.
     */
    public java.util.function.IntFunction<byte[]> entries() {
        StoredFields fields;
        try {
            fields = reader.storedFields();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return position -> entry(fields, position);
    }

    private static byte[] entry(StoredFields fields, int position) {
        try {
            BytesRef b = fields.document(position).getBinaryValue(BlockIndexWriter.ENTRY_FIELD);
            if (b == null) {
                throw new IOException("block index document " + position + " has no series entry");
            }
            return Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        try {
            reader.close();
        } finally {
            directory.close();
        }
    }
}

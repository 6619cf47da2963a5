package io.hearth.storage.index;

import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The head's postings: label name=value to series refs, kept in a Lucene index. The layout is
 * specified in {@code docs/format/index.md}.
 *
 * <p>Each series is one document: a stored and doc-values field {@link #REF_FIELD} with the
 * series ref, one untokenized indexed term per label (field = label name, term = value), and one
 * term per label name in {@link #NAMES_FIELD}. A conjunction of matchers is evaluated on the
 * postings by {@link MatcherPostings}, which also says how regular expressions become term sets.
 *
 * <h2>Near-real-time</h2>
 * Lucene sees added documents only after a reader refresh, which costs far more than adding one
 * series. So the newest series, those added since the last refresh, are matched by brute force
 * against their labels (the overlay: refs {@code [covered, added)}, looked up through the
 * function given to the constructor), and the reader is refreshed when the overlay grows past a
 * limit. A series is therefore selectable as soon as {@link #add} returns.
 *
 * <h2>Removal</h2>
 * {@link #remove} deletes the documents of series the head has dropped and refreshes the reader.
 * Refs are never reused, so a removed ref simply stops matching; until the refresh a select may
 * still return it, and the overlay's function returns null for a ref without series (removed, or
 * a gap in the refs a replay restored), which is skipped.
 *
 * <h2>Threads</h2>
 * {@link #add} is called by one thread at a time (the head creates series under its commit
 * lock), with refs increasing; {@link #select} and the label methods may run concurrently with it
 * and with each other.
 */
public final class LucenePostings implements Closeable {

    /**
     * The stored and doc-values field holding the series ref. A label's field is its name, escaped
     * by {@link #field} so that it never equals this or {@link #NAMES_FIELD}.
     */
    public static final String REF_FIELD = "\u0000ref";
    /** The field whose terms are the label names of the series. */
    public static final String NAMES_FIELD = "\u0000names";

    private final Directory directory;
    private final IndexWriter writer;
    private final IntFunction<Labels> labelsOfRef;
    private final int overlayLimit;
    private final Object refreshLock = new Object();

    private volatile int added; // refs < added have been handed to the writer (refs start at 0)
    private volatile Snapshot current;

    /** A reader and the refs it is known to cover. */
    private record Snapshot(DirectoryReader reader, int covered) {
    }

    /**
     * Creates an empty index in {@code dir}, deleting whatever an earlier run left there (the head
     * rebuilds its postings from the write-ahead log).
     *
     * @param labelsOfRef the labels of an added series, for matching the overlay
     * @param overlayLimit how many series may be added before a select refreshes the reader
     */
    public LucenePostings(Path dir, IntFunction<Labels> labelsOfRef, int overlayLimit) throws IOException {
        if (overlayLimit < 0) {
            throw new IllegalArgumentException("overlay limit " + overlayLimit + " < 0");
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(32);
        this.writer = new IndexWriter(directory, config);
        this.labelsOfRef = labelsOfRef;
        this.overlayLimit = overlayLimit;
        this.current = new Snapshot(DirectoryReader.open(writer), 0);
    }

    /**
     * Adds a series. Refs must be added in increasing order, starting at 0 or later; gaps are refs
     * of removed series.
     *
     * @throws IllegalArgumentException if {@code ref} is below one already added
     */
    public void add(int ref, Labels labels) throws IOException {
        if (ref < added) {
            throw new IllegalArgumentException("series ref " + ref + " added out of turn; expected " + added
                    + " or more");
        }
        Document doc = new Document();
        doc.add(new NumericDocValuesField(REF_FIELD, ref));
        doc.add(new StoredField(REF_FIELD, ref));
        for (int i = 0; i < labels.size(); i++) {
            doc.add(new StringField(field(labels.name(i)), labels.value(i), Field.Store.NO));
            doc.add(new StringField(NAMES_FIELD, labels.name(i), Field.Store.NO));
        }
        writer.addDocument(doc);
        added = ref + 1;
    }

    /**
     * The Lucene field of a label: its name, with one more leading NUL if it starts with NUL, so that
     * no label can collide with {@link #REF_FIELD} or {@link #NAMES_FIELD}.
     */
    static String field(String labelName) {
        return labelName.startsWith("\u0000") ? "\u0000" + labelName : labelName;
    }

    /** One more than the highest ref added (removed and skipped refs included). */
    public int size() {
        return added;
    }

    /**
     * Deletes the documents of these series and refreshes the reader, so selects stop returning
     * them (a select already running may still return them: its caller skips refs without series).
     */
    public void remove(int[] refs) throws IOException {
        if (refs.length == 0) {
            return;
        }
        long[] values = new long[refs.length];
        for (int i = 0; i < refs.length; i++) {
            values[i] = refs[i];
        }
        // a scan of the refs' doc values; once per head truncation, so no points field for it
        writer.deleteDocuments(NumericDocValuesField.newSlowSetQuery(REF_FIELD, values));
        reopen();
    }

    /** The number of series matched by brute force until the next refresh. */
    public int overlaySize() {
        return added - current.covered;
    }

    /** Makes every added series visible to Lucene queries, so the overlay is empty. */
    public void refresh() throws IOException {
        synchronized (refreshLock) {
            if (current.covered == added) {
                return;
            }
            reopen();
        }
    }

    private void reopen() throws IOException {
        synchronized (refreshLock) {
            int upTo = added;
            Snapshot old = current;
            DirectoryReader next = DirectoryReader.openIfChanged(old.reader, writer);
            if (next == null) {
                current = new Snapshot(old.reader, upTo);
                return;
            }
            current = new Snapshot(next, upTo);
            old.reader.decRef();
        }
    }

    /**
     * The refs of the series matching every matcher, sorted ascending.
     *
     * @param matchers a conjunction; empty selects every series
     */
    public int[] select(List<LabelMatcher> matchers) {
        try {
            if (overlaySize() > overlayLimit) {
                refresh();
            }
            Snapshot s = acquire();
            try {
                int end = added;
                IntList out = new IntList();
                collect(s.reader, matchers, s.covered, out);
                for (int ref = s.covered; ref < end; ref++) {
                    Labels labels = labelsOfRef.apply(ref);
                    if (labels != null && matchesAll(labels, matchers)) {
                        out.add(ref);
                    }
                }
                int[] refs = out.toArray();
                Arrays.sort(refs);
                return refs;
            } finally {
                s.reader.decRef();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Snapshot acquire() {
        while (true) {
            Snapshot s = current;
            if (s.reader.tryIncRef()) {
                return s;
            }
        }
    }

    private static void collect(DirectoryReader reader, List<LabelMatcher> matchers, int covered, IntList out)
            throws IOException {
        MatcherPostings.match(reader, matchers, new MatcherPostings.LeafSink() {
            private NumericDocValues refs;

            @Override
            public void leaf(LeafReaderContext leaf) throws IOException {
                refs = leaf.reader().getNumericDocValues(REF_FIELD);
            }

            @Override
            public void doc(int doc) throws IOException {
                if (refs == null || !refs.advanceExact(doc)) {
                    throw new IllegalStateException("document " + doc + " has no series ref");
                }
                int ref = (int) refs.longValue();
                if (ref < covered) { // later ones may be in the reader too, but the overlay has them
                    out.add(ref);
                }
            }
        });
    }

    /** Whether labels satisfy every matcher; the brute-force definition the index must agree with. */
    public static boolean matchesAll(Labels labels, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The distinct values of label {@code name} among all series, sorted; reads the term
     * dictionary and the overlay, not the series.
     */
    public List<String> allValues(String name) {
        try {
            Snapshot s = acquire();
            try {
                List<String> out = new ArrayList<>();
                Terms terms = MultiTerms.getTerms(s.reader, field(name));
                if (terms != null) {
                    Bits live = MultiBits.getLiveDocs(s.reader); // null when no series was removed
                    TermsEnum te = terms.iterator();
                    PostingsEnum docs = null;
                    for (BytesRef t = te.next(); t != null; t = te.next()) {
                        if (live != null) {
                            docs = te.postings(docs, PostingsEnum.NONE);
                            if (!hasLive(docs, live)) {
                                continue; // only removed series had it; merges drop such terms later
                            }
                        }
                        out.add(t.utf8ToString());
                    }
                }
                int end = added;
                for (int ref = s.covered; ref < end; ref++) {
                    Labels labels = labelsOfRef.apply(ref);
                    String v = labels == null ? "" : labels.get(name);
                    if (!v.isEmpty()) {
                        out.add(v);
                    }
                }
                return out.stream().distinct().sorted(Comparator.naturalOrder()).toList();
            } finally {
                s.reader.decRef();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasLive(PostingsEnum docs, Bits live) throws IOException {
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
            if (live.get(doc)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the index and its files' handles; the files are left for the next open to delete. */
    @Override
    public void close() throws IOException {
        synchronized (refreshLock) {
            try {
                current.reader.decRef();
            } finally {
                try {
                    writer.rollback();
                } finally {
                    directory.close();
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A growable int array for collecting refs. */
    private static final class IntList {
        private int[] a = new int[64];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}

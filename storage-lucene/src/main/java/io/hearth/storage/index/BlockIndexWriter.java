package io.hearth.storage.index;

import io.hearth.spi.storage.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * Writes the index of one immutable block: a Lucene index with one document per series, added in
 * label order, holding only the label terms and names of the head's postings
 * ({@link LucenePostings}), merged into one segment so that a series's document id is its position
 * in label order; and beside it the {@linkplain SeriesFile series file}, each series's labels (as
 * ordinals into the block's symbol table) and the block layer's numbers for it (its chunk
 * references), delta-coded against the series before. Used by one thread.
 *
 * <p>Indexes written before the series file existed kept each series's labels and chunk
 * references as a Lucene stored field of strings; {@link BlockIndexReader} still reads them.
 */
public final class BlockIndexWriter implements Closeable {

    /** The stored field with a series's entry, in indexes written before the series file. */
    static final String ENTRY_FIELD = "\u0000entry";

    private final Directory directory;
    private final IndexWriter writer;
    private final IndexOutput series;
    private final HashMap<String, Integer> symbolOrds = new HashMap<>();
    private final List<String> symbols = new ArrayList<>();
    private long[] restarts = new long[16];
    private int[] prevPairs = new int[0];
    private long[] prevRefs = new long[0];
    private int added;
    private boolean finished;
    private final int seriesVersion;
    private final NumberChain chain; // null: numbers stored as given
    private long end; // where the previous series of the group ended, by the chain

    /** Creates an empty index in {@code dir}, which must not hold one. */
    public BlockIndexWriter(Path dir) throws IOException {
        this(dir, SeriesFile.VERSION, null);
    }

    /**
     * Creates an empty index in {@code dir} whose series file leaves out the part of each series's
     * numbers that {@code chain} says continues from the series before.
     */
    public BlockIndexWriter(Path dir, NumberChain chain) throws IOException {
        this(dir, SeriesFile.VERSION, chain);
    }

    /** Creates an index whose series file has version {@code seriesVersion} (1 for tests of older blocks, without a chain). */
    BlockIndexWriter(Path dir, int seriesVersion, NumberChain chain) throws IOException {
        if (chain != null && seriesVersion < SeriesFile.VERSION) {
            throw new IllegalArgumentException("series file version " + seriesVersion + " has no number chain");
        }
        this.seriesVersion = seriesVersion;
        this.chain = chain;
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCommitOnClose(false)
                .setMergePolicy(new LogByteSizeMergePolicy()) // merges neighbours only: doc order = add order
                .setRAMBufferSizeMB(64);
        IndexWriter w = new IndexWriter(directory, config);
        try {
            this.series = directory.createOutput(SeriesFile.NAME, IOContext.DEFAULT);
            CodecUtil.writeHeader(series, SeriesFile.CODEC, seriesVersion);
            if (seriesVersion >= SeriesFile.VERSION) {
                SeriesFile.writeChain(series, chain);
            }
        } catch (IOException | RuntimeException e) {
            w.rollback();
            directory.close();
            throw e;
        }
        this.writer = w;
    }

    /**
     * Adds the next series; series must come in increasing label order.
     *
     * @param refs the block layer's numbers for the series (its chunk references), stored
     *     losslessly; cheapest when they differ little from the previous series's at each index
     */
    public void add(Labels labels, long[] refs) throws IOException {
        Document doc = new Document();
        for (int i = 0; i < labels.size(); i++) {
            doc.add(new StringField(LucenePostings.field(labels.name(i)), labels.value(i), Field.Store.NO));
            doc.add(new StringField(LucenePostings.NAMES_FIELD, labels.name(i), Field.Store.NO));
        }
        writer.addDocument(doc);
        int[] pairs = new int[labels.size() * 2];
        for (int i = 0; i < labels.size(); i++) {
            pairs[2 * i] = symbol(labels.name(i));
            pairs[2 * i + 1] = symbol(labels.value(i));
        }
        if (added % SeriesFile.GROUP == 0) {
            int g = added / SeriesFile.GROUP;
            if (g == restarts.length) {
                restarts = Arrays.copyOf(restarts, g * 2);
            }
            restarts[g] = series.getFilePointer();
            prevPairs = new int[0]; // a group decodes without the one before
            prevRefs = new long[0];
            end = 0;
        }
        long[] stored = refs;
        int omitAt = -1;
        if (chain != null && refs.length > chain.positionAt()) {
            stored = refs.clone();
            stored[chain.positionAt()] -= end; // 0 when the series continues where the previous one ended
            end = chain.end(refs, refs.length, end);
            omitAt = stored[chain.positionAt()] == 0 ? chain.positionAt() : -1;
        }
        SeriesFile.writeEntry(series, prevPairs, pairs, prevRefs, stored, seriesVersion, omitAt);
        prevPairs = pairs;
        prevRefs = stored;
        added++;
    }

    private int symbol(String s) {
        Integer ord = symbolOrds.get(s);
        if (ord == null) {
            ord = symbols.size();
            symbolOrds.put(s, ord);
            symbols.add(s);
        }
        return ord;
    }

    /** The number of series added. */
    public int size() {
        return added;
    }

    /** Merges to one segment, writes the series file, commits (Lucene forces its files) and closes. */
    public void finish() throws IOException {
        SeriesFile.finish(series, restarts, added, symbols);
        series.close();
        directory.sync(List.of(SeriesFile.NAME));
        writer.forceMerge(1);
        writer.commit();
        finished = true;
        close();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                series.close();
                writer.rollback();
            } else {
                writer.close();
            }
        } finally {
            directory.close();
        }
    }
}

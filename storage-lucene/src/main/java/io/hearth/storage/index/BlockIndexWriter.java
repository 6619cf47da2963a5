package io.hearth.storage.index;

import io.hearth.spi.storage.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes the Lucene index of one immutable block (layout in {@code docs/format/blocks.md}): one
 * document per series, added in label order, with the label terms and names of the head's
 * postings ({@link LucenePostings}) and a stored field holding the series's entry (its labels and
 * chunk references, encoded by the block layer). The index is merged into one segment, so a
 * series's document id is its position in label order. Used by one thread.
 */
public final class BlockIndexWriter implements Closeable {

    /** The stored field with a series's entry. */
    static final String ENTRY_FIELD = "\u0000entry";

    private final Directory directory;
    private final IndexWriter writer;
    private int added;
    private boolean finished;

    /** Creates an empty index in {@code dir}, which must not hold one. */
    public BlockIndexWriter(Path dir) throws IOException {
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCommitOnClose(false)
                .setMergePolicy(new LogByteSizeMergePolicy()) // merges neighbours only: doc order = add order
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
    }

    /** Adds the next series; series must come in increasing label order. */
    public void add(Labels labels, byte[] entry) throws IOException {
        Document doc = new Document();
        for (int i = 0; i < labels.size(); i++) {
            doc.add(new StringField(LucenePostings.field(labels.name(i)), labels.value(i), Field.Store.NO));
            doc.add(new StringField(LucenePostings.NAMES_FIELD, labels.name(i), Field.Store.NO));
        }
        doc.add(new StoredField(ENTRY_FIELD, entry));
        writer.addDocument(doc);
        added++;
    }

    /** The number of series added. */
    public int size() {
        return added;
    }

    /** Merges to one segment, commits (Lucene forces its files) and closes. */
    public void finish() throws IOException {
        writer.forceMerge(1);
        writer.commit();
        finished = true;
        close();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                writer.rollback();
            } else {
                writer.close();
            }
        } finally {
            directory.close();
        }
    }
}

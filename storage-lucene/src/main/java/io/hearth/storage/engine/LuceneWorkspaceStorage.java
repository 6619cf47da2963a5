package io.hearth.storage.engine;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.StorageStats;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.head.Head;
import java.io.IOException;

/** One workspace's store in the {@code lucene} engine; today its head alone. Thread-safe. */
public final class LuceneWorkspaceStorage implements WorkspaceStorage {

    private final String workspaceId;
    private final Head head;
    private final Runnable onClose;

    LuceneWorkspaceStorage(String workspaceId, Head head, Runnable onClose) {
        this.workspaceId = workspaceId;
        this.head = head;
        this.onClose = onClose;
    }

    /** The workspace this store belongs to. */
    public String workspaceId() {
        return workspaceId;
    }

    @Override
    public Appender appender() {
        return head.appender();
    }

    @Override
    public Querier querier(long minT, long maxT) {
        return head.querier(minT, maxT);
    }

    @Override
    public StorageStats stats() {
        return head.stats();
    }

    @Override
    public void close() throws IOException {
        try {
            head.close();
        } finally {
            onClose.run();
        }
    }
}

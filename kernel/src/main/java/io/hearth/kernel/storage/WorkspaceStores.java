package io.hearth.kernel.storage;

import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open storage of every active workspace, through the configured storage engine. A
 * workspace's store opens when it is provisioned (or at start-up, replaying its write-ahead log)
 * and closes when it is deleted or the server stops.
 */
@ApplicationScoped
public class WorkspaceStores {

    private static final Logger LOG = Logger.getLogger(WorkspaceStores.class.getName());
    private static final long DAY_MILLIS = 24 * 3600_000L;

    private final Map<String, WorkspaceStorage> open = new ConcurrentHashMap<>();
    private final List<Consumer<String>> deleteListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> openListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private Plugins.Bound<StorageEngine> engine;
    private Plugins.Bound<io.hearth.spi.chunk.ChunkBackend> chunkBackend;
    private ServerSettings settings;
    private StorageOptions options;

    /** For CDI proxies only. */
    protected WorkspaceStores() {
    }

    private static final org.eclipse.microprofile.metrics.Metadata SERIES = org.eclipse.microprofile.metrics.Metadata.builder()
            .withName("hearth_workspace_series").withDescription("Series in a workspace's head, by workspace").build();
    private static final org.eclipse.microprofile.metrics.Metadata HEAD_SAMPLES = org.eclipse.microprofile.metrics.Metadata.builder()
            .withName("hearth_workspace_head_samples").withDescription("Samples in a workspace's head, by workspace").build();

    private static final org.eclipse.microprofile.metrics.Metadata BYTES_ON_DISK = org.eclipse.microprofile.metrics.Metadata.builder()
            .withName("hearth_workspace_bytes_on_disk").withDescription("Bytes a workspace's storage occupies on disk (log, blocks), by workspace").build();
    private static final org.eclipse.microprofile.metrics.Metadata BLOCKS = org.eclipse.microprofile.metrics.Metadata.builder()
            .withName("hearth_workspace_blocks").withDescription("Persisted blocks of a workspace's storage, by workspace").build();

    private org.eclipse.microprofile.metrics.MetricRegistry metrics;

    @Inject
    WorkspaceStores(PluginRegistry plugins, ServerSettings settings, org.eclipse.microprofile.metrics.MetricRegistry metrics) {
        this.metrics = metrics;
        this.engine = plugins.storageEngine();
        this.chunkBackend = plugins.chunkBackend();
        this.settings = settings;
        this.options = new StorageOptions(settings.config()
                .getOptionalValue("hearth.storage.out-of-order-window-millis", Long.class).orElse(0L));
    }

    /**
     * Opens a workspace's store (creating it when new) with the default retention. Idempotent.
     *
     * @param workspaceId the workspace
     */
    public void open(String workspaceId) {
        open(workspaceId, (int) (StorageOptions.DEFAULT_RETENTION_MILLIS / DAY_MILLIS));
    }

    /**
     * Opens a workspace's store (creating it when new). Idempotent.
     *
     * @param workspaceId the workspace
     * @param retentionDays the workspace's {@code retentionPeriodInDays}
     */
    public void open(String workspaceId, int retentionDays) {
        StorageOptions withRetention = options.withRetentionMillis(retentionDays * DAY_MILLIS);
        boolean[] opened = new boolean[1];
        open.computeIfAbsent(workspaceId, id -> {
            opened[0] = true;
            long start = System.nanoTime();
            try {
                WorkspaceStorage storage = engine.call(e -> e.open(id, directory(id), withRetention));
                org.eclipse.microprofile.metrics.Tag tag = new org.eclipse.microprofile.metrics.Tag("workspace", id);
                metrics.gauge(SERIES, () -> get(id).map(s -> s.stats().series()).orElse(0L), tag);
                metrics.gauge(HEAD_SAMPLES, () -> get(id).map(s -> s.stats().headSamples()).orElse(0L), tag);
                metrics.gauge(BYTES_ON_DISK, () -> get(id).map(s -> s.stats().bytesOnDisk()).orElse(0L), tag);
                metrics.gauge(BLOCKS, () -> get(id).map(s -> s.stats().blocks()).orElse(0L), tag);
                LOG.info(() -> "storage of " + id + " open (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
                return storage;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the storage of workspace " + id, e);
            }
        });
        if (opened[0]) {
            openListeners.forEach(listener -> listener.accept(workspaceId));
        }
    }

    /**
     * Registers what to start once a workspace's store is open (the evaluation of its rules), at
     * start-up or when a new workspace is provisioned; called on the thread that opened it.
     */
    public void onOpen(Consumer<String> listener) {
        openListeners.add(listener);
    }

    /** Registers what must stop before the stores close at shutdown (whatever still writes to them). */
    public void beforeClose(Runnable listener) {
        closeListeners.add(listener);
    }

    /** Passes a workspace's changed retention to its open store; a closed store gets it at open. */
    public void updateRetention(String workspaceId, int retentionDays) {
        WorkspaceStorage storage = open.get(workspaceId);
        if (storage != null) {
            StorageOptions changed = options.withRetentionMillis(retentionDays * DAY_MILLIS);
            engine.call(e -> {
                storage.updateOptions(changed);
                return null;
            });
        }
    }

    /**
     * Cuts the head of every open store into blocks and truncates its log ({@code POST /-/flush}).
     *
     * @return the ids of the workspaces flushed, in order
     * @throws IOException from the first store that failed; the others are still flushed
     */
    public List<String> flushAll() throws IOException {
        IOException first = null;
        List<String> done = new java.util.ArrayList<>();
        for (var e : new java.util.TreeMap<>(open).entrySet()) {
            long start = System.nanoTime();
            try {
                engine.call(x -> {
                    e.getValue().flush();
                    return null;
                });
                done.add(e.getKey());
                LOG.info(() -> "flushed the storage of " + e.getKey() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (IOException | RuntimeException ex) {
                LOG.log(Level.WARNING, "flushing the storage of " + e.getKey() + " failed", ex);
                if (first == null) {
                    first = ex instanceof IOException io ? io : new IOException(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return done;
    }

    /** @return the open store of a workspace, if it is open */
    public Optional<WorkspaceStorage> get(String workspaceId) {
        return Optional.ofNullable(open.get(workspaceId));
    }

    /**
     * Registers what to drop when a workspace's store is deleted (state kept per workspace beside
     * its storage, such as the ingestion limits' counts); called on the lifecycle thread.
     */
    public void onDelete(Consumer<String> listener) {
        deleteListeners.add(listener);
    }

    /** Closes and deletes a workspace's store and its files. */
    public void delete(String workspaceId) throws IOException {
        // Listeners first: what they stop (rule evaluation) may still be writing to the store.
        deleteListeners.forEach(listener -> listener.accept(workspaceId));
        WorkspaceStorage storage = open.remove(workspaceId);
        if (storage != null) {
            storage.close();
        }
        org.eclipse.microprofile.metrics.Tag tag = new org.eclipse.microprofile.metrics.Tag("workspace", workspaceId);
        metrics.remove(new org.eclipse.microprofile.metrics.MetricID(SERIES.getName(), tag));
        metrics.remove(new org.eclipse.microprofile.metrics.MetricID(HEAD_SAMPLES.getName(), tag));
        metrics.remove(new org.eclipse.microprofile.metrics.MetricID(BYTES_ON_DISK.getName(), tag));
        metrics.remove(new org.eclipse.microprofile.metrics.MetricID(BLOCKS.getName(), tag));
        engine.call(e -> {
            e.delete(workspaceId, directory(workspaceId));
            return null;
        });
    }

    /** @return the directory a workspace's data lives in */
    public Path directory(String workspaceId) {
        return settings.dataDirectory().resolve("workspaces").resolve(workspaceId);
    }

    @PreDestroy
    void close() {
        closeListeners.forEach(listener -> {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping what writes to the stores failed", e);
            }
        });
        open.forEach((id, storage) -> {
            try {
                storage.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "closing the storage of " + id + " failed", e);
            }
        });
        open.clear();
        try {
            engine.instance().close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the storage engine failed", e);
        }
        try {
            chunkBackend.instance().close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the chunk backend failed", e);
        }
    }
}

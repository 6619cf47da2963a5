package io.hearth.storage.engine;

import io.hearth.spi.PluginContext;
import io.hearth.spi.chunk.ChunkBackend;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageEngineFactory;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.wal.WalOptions;

/**
 * Builds the {@code lucene} engine. Properties (under {@code hearth.storage.lucene.}):
 * {@code max-chunk-span-ms} (default two hours), {@code postings-overlay-limit} (default
 * {@value HeadOptions#DEFAULT_POSTINGS_OVERLAY_LIMIT}), {@code wal-segment-bytes} (default 128 MiB),
 * {@code wal-force-interval-ms} (default 0: every acknowledged write is forced to disk first; above
 * 0, written at once but forced at most that often, as {@link WalOptions#forceIntervalMillis()}),
 * {@code max-exemplars} (per workspace, default {@value HeadOptions#DEFAULT_MAX_EXEMPLARS}, as
 * Prometheus's {@code --storage.tsdb.max-exemplars}; 0 keeps none),
 * {@code block-range-ms} (default two hours), {@code maintenance-interval-ms} (default one minute).
 * Block chunks go to the chunk backend the kernel hands over, or to local disk when built without
 * one.
 */
public final class LuceneStorageEngineFactory implements StorageEngineFactory {

    /** The engine's name in {@code hearth.storage.engine}. */
    public static final String NAME = "lucene";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws IllegalArgumentException if a property is not a valid number
     */
    @Override
    public StorageEngine create(PluginContext context) {
        return create(context, new LocalDiskChunkBackend());
    }

    /**
     * @throws IllegalArgumentException if a property is not a valid number
     */
    @Override
    public StorageEngine create(PluginContext context, ChunkBackend chunks) {
        long span = context.property("max-chunk-span-ms").map(Long::parseLong)
                .orElse(HeadOptions.DEFAULT_MAX_CHUNK_SPAN_MILLIS);
        int overlay = context.property("postings-overlay-limit").map(Integer::parseInt)
                .orElse(HeadOptions.DEFAULT_POSTINGS_OVERLAY_LIMIT);
        long segment = context.property("wal-segment-bytes").map(Long::parseLong)
                .orElse(WalOptions.DEFAULT_MAX_SEGMENT_BYTES);
        long force = context.property("wal-force-interval-ms").map(Long::parseLong).orElse(0L);
        int exemplars = context.property("max-exemplars").map(Integer::parseInt)
                .orElse(HeadOptions.DEFAULT_MAX_EXEMPLARS);
        long range = context.property("block-range-ms").map(Long::parseLong)
                .orElse(BlockOptions.DEFAULT_BLOCK_RANGE_MILLIS);
        long every = context.property("maintenance-interval-ms").map(Long::parseLong)
                .orElse(BlockOptions.DEFAULT_MAINTENANCE_INTERVAL_MILLIS);
        return new LuceneStorageEngine(new HeadOptions(0, span, overlay, new WalOptions(segment, force), exemplars),
                new BlockOptions(range, every), chunks, System::currentTimeMillis);
    }
}

package io.hearth.spi.storage;

/**
 * Counters of one workspace's storage for operators, from {@link WorkspaceStorage#stats()}.
 *
 * @param series series held in the head (the active series)
 * @param headSamples samples held in the head's chunks
 * @param headChunks chunks held in the head, open and cut
 * @param samplesAppended samples committed since the storage was opened (replayed ones excluded)
 * @param bytesOnDisk bytes the store occupies on disk (log, blocks, chunks); 0 for an engine that
 *     does not know
 * @param blocks the number of persisted blocks; 0 for an engine without blocks
 */
public record StorageStats(long series, long headSamples, long headChunks, long samplesAppended, long bytesOnDisk,
        long blocks) {

    public StorageStats {
        if (series < 0 || headSamples < 0 || headChunks < 0 || samplesAppended < 0 || bytesOnDisk < 0 || blocks < 0) {
            throw new IllegalArgumentException("storage counters are never negative");
        }
    }

    /** Head counters only, for an engine without disk figures. */
    public StorageStats(long series, long headSamples, long headChunks, long samplesAppended) {
        this(series, headSamples, headChunks, samplesAppended, 0, 0);
    }

    /** These counters with the disk figures. */
    public StorageStats withDisk(long bytesOnDisk, long blocks) {
        return new StorageStats(series, headSamples, headChunks, samplesAppended, bytesOnDisk, blocks);
    }
}

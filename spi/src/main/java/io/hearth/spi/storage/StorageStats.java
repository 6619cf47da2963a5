package io.hearth.spi.storage;

/**
 * Counters of one workspace's storage for operators, from {@link WorkspaceStorage#stats()}.
 *
 * @param series series held in the head (the active series)
 * @param headSamples samples held in the head's chunks
 * @param headChunks chunks held in the head, open and cut
 * @param samplesAppended samples committed since the storage was opened (replayed ones excluded)
 */
public record StorageStats(long series, long headSamples, long headChunks, long samplesAppended) {

    public StorageStats {
        if (series < 0 || headSamples < 0 || headChunks < 0 || samplesAppended < 0) {
            throw new IllegalArgumentException("storage counters are never negative");
        }
    }
}

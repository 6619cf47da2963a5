package io.hearth.spi.ingest;

import java.util.List;

/**
 * What the kernel did with a decoded request, for the codec to phrase as its wire format's answer.
 *
 * @param samplesWritten float samples stored
 * @param histogramsWritten histogram samples stored
 * @param exemplarsWritten exemplars stored
 * @param rejectedPoints samples and histograms refused (their series failed validation or limits,
 *     or they were out of order)
 * @param rejections the first few reasons, each naming the series, for the client
 * @param deduplicatedSamples float samples not stored because they came from an HA replica that is
 *     not the elected one; not an error (the elected replica's copy is kept), so senders must not
 *     retry them
 * @param deduplicatedHistograms histogram samples not stored for the same reason
 * @param deduplication why the first of those was dropped, or an empty string when none was
 */
public record IngestOutcome(long samplesWritten, long histogramsWritten, long exemplarsWritten, long rejectedPoints,
        List<String> rejections, long deduplicatedSamples, long deduplicatedHistograms, String deduplication) {

    public IngestOutcome {
        rejections = List.copyOf(rejections);
        deduplication = deduplication == null ? "" : deduplication;
    }

    /** An outcome with nothing deduplicated. */
    public IngestOutcome(long samplesWritten, long histogramsWritten, long exemplarsWritten, long rejectedPoints,
            List<String> rejections) {
        this(samplesWritten, histogramsWritten, exemplarsWritten, rejectedPoints, rejections, 0, 0, "");
    }

    /**
     * @return whether every point of the request that was not refused was dropped as an HA
     *     duplicate, so nothing was stored and nothing refused: Cortex answers such a request 202
     */
    public boolean onlyDeduplicated() {
        return deduplicatedSamples + deduplicatedHistograms > 0 && samplesWritten == 0 && histogramsWritten == 0
                && rejections.isEmpty();
    }
}

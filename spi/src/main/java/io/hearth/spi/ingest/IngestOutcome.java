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
 */
public record IngestOutcome(long samplesWritten, long histogramsWritten, long exemplarsWritten, long rejectedPoints,
        List<String> rejections) {

    public IngestOutcome {
        rejections = List.copyOf(rejections);
    }
}

package io.hearth.kernel.ingest;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.storage.Exemplar;
import java.util.List;

/**
 * A series that passed validation, with its points, waiting for the request to be decoded whole
 * before anything is stored.
 *
 * @param labelPairs name, value, name, value ... sorted by name
 * @param timestamps float sample times: the entries from {@code firstSample} on, {@code
 *     sampleCount} of them (the array is shared by the request's series; read, never write)
 * @param values float sample values, at the same indexes
 * @param firstSample the index of the series's first sample in {@code timestamps} and {@code values}
 * @param sampleCount how many float samples
 * @param histograms native histogram samples
 * @param exemplars the series's exemplars that passed validation
 * @param createdTimestamp the series's created (start) timestamp as the sender gave it (remote
 *     write 2.0's created_timestamp, OTLP's start time), stored as every sample's start
 *     timestamp; 0 for none
 */
public record AcceptedSeries(String[] labelPairs, long[] timestamps, double[] values, int firstSample, int sampleCount,
        List<NativeHistogram> histograms, List<Exemplar> exemplars, long createdTimestamp) {

    /** A series without a created timestamp whose samples start its arrays. */
    public AcceptedSeries(String[] labelPairs, long[] timestamps, double[] values, int sampleCount,
            List<NativeHistogram> histograms, List<Exemplar> exemplars) {
        this(labelPairs, timestamps, values, 0, sampleCount, histograms, exemplars, 0);
    }

    /** @return the series as {@code name{a="b", ...}}, for messages */
    public String describe() {
        return describe(labelPairs);
    }

    static String describe(String[] pairs) {
        StringBuilder out = new StringBuilder();
        String name = "";
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals("__name__")) {
                name = pairs[i + 1];
            }
        }
        out.append(name).append('{');
        boolean first = true;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals("__name__")) {
                continue;
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }
}

package io.hearth.spi.storage;

/**
 * A refused exemplar, with what the ingest path needs to tell the client why.
 *
 * @param series the series the exemplar was appended to
 * @param exemplar the refused exemplar
 * @param newestTimestamp the timestamp of the series's newest exemplar when this one was refused as
 *     out of order; {@link Long#MIN_VALUE} for other reasons
 * @param reason {@link AppendResult#OUT_OF_ORDER}, {@link AppendResult#EXEMPLAR_LABELS_TOO_LONG},
 *     {@link AppendResult#UNKNOWN_SERIES} or {@link AppendResult#UNSUPPORTED}
 */
public record ExemplarRejection(Labels series, Exemplar exemplar, long newestTimestamp, AppendResult reason) {

    public ExemplarRejection {
        if (series == null || exemplar == null || reason == null || !reason.rejected()) {
            throw new IllegalArgumentException("an exemplar rejection needs a series, an exemplar and a rejecting reason");
        }
    }

    /** A one-line message naming the series, the exemplar's labels and its timestamp. */
    public String message() {
        String what = "exemplar " + exemplar.labels() + " at timestamp " + exemplar.timestamp() + " for series " + series;
        return switch (reason) {
            case OUT_OF_ORDER -> "out of order " + what + ": the newest exemplar of the series is at " + newestTimestamp;
            case EXEMPLAR_LABELS_TOO_LONG -> "label length for " + what + " is " + exemplar.labelRunes()
                    + " UTF-8 characters, more than the maximum of " + Exemplar.MAX_LABEL_SET_RUNES;
            case UNKNOWN_SERIES -> what + " refused: the series has no samples";
            case UNSUPPORTED -> what + " refused: the storage engine keeps no exemplars";
            default -> what + " refused: " + reason;
        };
    }
}

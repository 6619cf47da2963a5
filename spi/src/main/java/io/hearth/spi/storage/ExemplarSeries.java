package io.hearth.spi.storage;

import java.util.List;

/**
 * The exemplars of one series in a time range, the unit of a {@code query_exemplars} answer.
 *
 * @param series the series's labels
 * @param exemplars its exemplars in the range, oldest first; never empty
 */
public record ExemplarSeries(Labels series, List<Exemplar> exemplars) {

    public ExemplarSeries {
        if (series == null || exemplars == null || exemplars.isEmpty()) {
            throw new IllegalArgumentException("exemplar series need labels and at least one exemplar");
        }
        exemplars = List.copyOf(exemplars);
    }
}

package io.hearth.plugins.rules;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;

/**
 * A sample a rule writes: a recording rule's result, or an {@code ALERTS} / {@code ALERTS_FOR_STATE} point.
 *
 * @param labels the series
 * @param value the float value (ignored for a histogram)
 * @param histogram the histogram value, or null
 */
record OutputSample(Labels labels, double value, FloatHistogram histogram) {
}

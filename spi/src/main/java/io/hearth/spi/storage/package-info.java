/**
 * The storage contracts: the data model (labels, matchers, float and native-histogram samples,
 * exemplars),
 * the write model ({@link io.hearth.spi.storage.Appender}), the read model
 * ({@link io.hearth.spi.storage.Querier}, {@link io.hearth.spi.storage.SeriesSet},
 * {@link io.hearth.spi.storage.SampleIterator}) and the engine that opens one
 * {@link io.hearth.spi.storage.WorkspaceStorage} per workspace. JDK only.
 */
package io.hearth.spi.storage;

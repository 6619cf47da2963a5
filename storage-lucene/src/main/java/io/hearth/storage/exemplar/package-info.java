/**
 * Exemplars of one workspace: {@code ExemplarStore}, a bounded circular buffer indexed by series
 * ref, with Prometheus's duplicate, ordering and label-length rules. The head makes its exemplars
 * durable in the WAL and replays them into it.
 */
package io.hearth.storage.exemplar;

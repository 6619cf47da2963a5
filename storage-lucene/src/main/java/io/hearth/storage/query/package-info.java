/**
 * Reading across the head and the blocks: {@code MergedQuerier} combines the queriers of the head
 * and of each block into one, merging series with equal labels and deduplicating their samples by
 * timestamp. Compaction reads its input blocks through the same merge.
 */
package io.hearth.storage.query;

package io.hearth.promql.eval;

import java.util.Arrays;
import java.util.List;

/**
 * The classic buckets of one {@code histogram_quantile} group, laid out once per query rather than
 * once per step: the group's series ({@code members}, indexes into the input vector, in input
 * order), the slot of each in {@code bounds} (its distinct upper bounds in ascending
 * {@link Double#compare} order, so -0 and 0 stay apart as boxed keys would), -1 for a missing or
 * malformed {@code le}. Series sharing a bound share a slot and their values are summed in member
 * order.
 */
record BucketSlots(int[] members, int[] slotOf, double[] bounds) {

    /** The slots of {@code group} (input indexes) given each input series' parsed bound (NaN when none). */
    static BucketSlots of(List<Integer> group, double[] boundOf) {
        int[] members = new int[group.size()];
        double[] sorted = new double[group.size()];
        int valid = 0;
        for (int m = 0; m < members.length; m++) {
            members[m] = group.get(m);
            double b = boundOf[members[m]];
            if (!Double.isNaN(b)) {
                sorted[valid++] = b;
            }
        }
        Arrays.sort(sorted, 0, valid); // Double.compare order: -0.0 before 0.0
        int distinct = 0;
        for (int i = 0; i < valid; i++) {
            if (distinct == 0 || Double.compare(sorted[distinct - 1], sorted[i]) != 0) {
                sorted[distinct++] = sorted[i];
            }
        }
        double[] bounds = Arrays.copyOf(sorted, distinct);
        int[] slotOf = new int[members.length];
        for (int m = 0; m < members.length; m++) {
            double b = boundOf[members[m]];
            slotOf[m] = Double.isNaN(b) ? -1 : Arrays.binarySearch(bounds, b);
        }
        return new BucketSlots(members, slotOf, bounds);
    }
}

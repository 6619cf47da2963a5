package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BucketSlotsTest {

    @Test
    void membersKeepInputOrderWhileSlotsFollowAscendingBounds() {
        double[] boundOf = {Double.POSITIVE_INFINITY, 0.5, 0.1, 99};
        BucketSlots s = BucketSlots.of(List.of(0, 1, 2), boundOf);
        assertArrayEquals(new int[] {0, 1, 2}, s.members());
        assertArrayEquals(new double[] {0.1, 0.5, Double.POSITIVE_INFINITY}, s.bounds());
        assertArrayEquals(new int[] {2, 1, 0}, s.slotOf());
    }

    @Test
    void seriesWithTheSameBoundShareASlot() {
        double[] boundOf = {1, 1.0, Double.POSITIVE_INFINITY};
        BucketSlots s = BucketSlots.of(List.of(2, 0, 1), boundOf);
        assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY}, s.bounds());
        assertArrayEquals(new int[] {1, 0, 0}, s.slotOf());
    }

    @Test
    void negativeZeroAndZeroAreDistinctBoundsAsBoxedKeysWere() {
        double[] boundOf = {0.0, -0.0};
        BucketSlots s = BucketSlots.of(List.of(0, 1), boundOf);
        assertArrayEquals(new double[] {-0.0, 0.0}, s.bounds());
        assertArrayEquals(new int[] {1, 0}, s.slotOf());
    }

    @Test
    void aMissingOrMalformedBoundHasNoSlot() {
        double[] boundOf = {Double.NaN, 2, Double.NaN};
        BucketSlots s = BucketSlots.of(List.of(0, 1, 2), boundOf);
        assertArrayEquals(new double[] {2}, s.bounds());
        assertArrayEquals(new int[] {-1, 0, -1}, s.slotOf());
    }
}

package io.hearth.storage.index;

/**
 * How a block's numbers for a series continue from the series before, which its series file uses
 * to leave that part out: the numbers come in groups of {@code stride} (one per chunk); the first
 * group's number at {@code positionAt} is a position (the first chunk frame's offset) that in a
 * block written in order equals where the previous series ended, and a series ends at the sum, over
 * its groups, of the numbers at {@code positionAt} and {@code lengthAt} plus {@code overhead} (each
 * later group's position being relative to the end of the one before). The series file stores that
 * first position minus the previous series's end (so 0), and restores it on reading.
 *
 * @param stride numbers per group, at least 1
 * @param positionAt index in a group of the position, below {@code stride}
 * @param lengthAt index in a group of the length, below {@code stride}
 * @param overhead what each group adds to the end beyond its length
 */
public record NumberChain(int stride, int positionAt, int lengthAt, int overhead) {

    /** Checks the indices. */
    public NumberChain {
        if (stride < 1 || positionAt < 0 || positionAt >= stride || lengthAt < 0 || lengthAt >= stride || overhead < 0) {
            throw new IllegalArgumentException("number chain " + stride + "/" + positionAt + "/" + lengthAt + "/" + overhead);
        }
    }

    /**
     * Where a series with these numbers ({@code count} of them, its first position absolute) ends;
     * {@code before} if it has no group.
     */
    long end(long[] numbers, int count, long before) {
        if (count <= positionAt) {
            return before;
        }
        long end = 0;
        for (int g = 0; g + stride <= count; g += stride) {
            end += numbers[g + positionAt] + numbers[g + lengthAt] + overhead;
        }
        return end;
    }
}

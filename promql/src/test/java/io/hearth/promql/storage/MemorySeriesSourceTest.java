package io.hearth.promql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.ast.LabelMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemorySeriesSourceTest {

    @Test
    void labelsDropEmptyValuesAndSortByName() {
        Labels l = Labels.of("b", "2", "a", "1", "c", "");
        assertEquals("{a=\"1\", b=\"2\"}", l.toString());
        assertEquals("", l.get("c"));
        assertFalse(l.has("c"));
        assertEquals(Labels.of("a", "1", "b", "2"), l);
    }

    @Test
    void labelOrderIsPairwiseThenByLength() {
        List<Labels> expected = List.of(
                Labels.EMPTY,
                Labels.of("a", "1"),
                Labels.of("a", "1", "b", "1"),
                Labels.of("a", "2"),
                Labels.of("b", "0"));
        long seed = System.nanoTime();
        List<Labels> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(seed));
        Collections.sort(shuffled);
        assertEquals(expected, shuffled, "seed " + seed);
    }

    @Test
    void selectMatchesAnchoredRegexesAndAbsentLabelsAsEmpty() {
        MemorySeriesSource s = new MemorySeriesSource();
        s.append(Labels.of("__name__", "x", "job", "api"), 0, 1, 0);
        s.append(Labels.of("__name__", "x", "job", "api-2"), 0, 1, 0);
        s.append(Labels.of("__name__", "x"), 0, 1, 0);
        assertEquals(1, s.select(List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "job", "api")), 0, 0).size());
        assertEquals(1, s.select(List.of(LabelMatcher.equal("job", "")), 0, 0).size());
        assertEquals(2, s.select(List.of(new LabelMatcher(LabelMatcher.Type.NOT_EQUAL, "job", "")), 0, 0).size());
        List<Series> all = s.select(List.of(LabelMatcher.equal("__name__", "x")), 0, 0);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).labels().compareTo(all.get(i).labels()) < 0, "sorted by labels");
        }
    }

    @Test
    void samplesAreAppendOnlyAndIteratorsSeekAndKeepStaleBits() {
        MemorySeriesSource s = new MemorySeriesSource();
        Labels l = Labels.of("__name__", "x");
        s.append(l, 10, 1, 0);
        s.append(l, 20, MemorySeriesSource.STALE_NAN, 0);
        s.append(l, 15, 99, 0); // not newer: ignored
        s.append(l, 30, 3, 25);
        SampleIterator it = s.select(List.of(LabelMatcher.equal("__name__", "x")), 0, 100).get(0).iterator(null);
        assertEquals(SampleIterator.FLOAT, it.seek(11));
        assertEquals(20, it.timestamp());
        assertTrue(MemorySeriesSource.isStale(it.value()));
        assertEquals(SampleIterator.FLOAT, it.next());
        assertEquals(30, it.timestamp());
        assertEquals(25, it.startTimestamp());
        assertEquals(SampleIterator.NONE, it.next());
    }
}

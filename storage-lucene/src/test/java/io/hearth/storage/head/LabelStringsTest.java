package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.spi.storage.Labels;
import org.junit.jupiter.api.Test;

class LabelStringsTest {

    private static String copy(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void seriesBuiltFromSeparateStringsShareOneCopyOfEach() {
        LabelStrings strings = new LabelStrings();
        Labels a = Labels.ofSortedPairs(strings.canonicalPairs(Labels.of(copy("job"), copy("node"), copy("instance"), copy("h1"))));
        Labels given = Labels.of(copy("job"), copy("node"), copy("instance"), copy("h2"));
        Labels b = Labels.ofSortedPairs(strings.canonicalPairs(given));
        assertEquals(given, b);
        assertSame(a.name(0), b.name(0));
        assertSame(a.name(1), b.name(1));
        assertSame(a.value(1), b.value(1));
        assertEquals(5, strings.size()); // instance, h1, job, node, h2
    }

    @Test
    void pairsComeInANewArrayEachTimeWithTheSharedStrings() {
        LabelStrings strings = new LabelStrings();
        Labels given = Labels.of("a", "1");
        String[] first = strings.canonicalPairs(given);
        String[] second = strings.canonicalPairs(given);
        assertNotSame(first, second);
        assertSame(first[0], second[0]);
        assertSame(first[1], second[1]);
        assertEquals(given, Labels.ofSortedPairs(second));
    }

    @Test
    void keepsEveryStringThroughGrowthAndForgetsThemOnClear() {
        LabelStrings strings = new LabelStrings();
        String[] first = new String[5_000];
        for (int i = 0; i < first.length; i++) {
            first[i] = strings.canonicalPairs(Labels.of("host", "host-" + i))[1];
        }
        for (int i = 0; i < first.length; i++) {
            assertSame(first[i], strings.canonicalPairs(Labels.of("host", "host-" + i))[1]);
        }
        assertEquals(5_001, strings.size());
        strings.clear();
        assertEquals(0, strings.size());
        assertNotSame(first[7], strings.canonicalPairs(Labels.of("host", "host-7"))[1]);
    }
}

package io.hearth.storage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.storage.testing.Seeded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The index against a brute-force matcher over random label sets and random matchers. */
@ExtendWith(Seeded.class)
class LucenePostingsTest {

    private static final String[] NAMES = {"__name__", "job", "instance", "le", "path", "x", "\u0000ref", "\u0000names"};
    private static final String[] VALUES = {"a", "b", "ab", "abc", "v1", "v10", "V1", "node_cpu", "node_mem",
        "0.5", "+Inf", "a.b", "a*b", "x@y&z", "line\nbreak", "ü", "日本", "[x]", "a|b", "-1"};
    private static final String[] REGEXES = {".*", ".+", "a.*", "a.+", "v1|v10", "v1|", "", "a", "[a-c]+", "(?i)v1",
        "v.", "\\d+", "[[:alpha:]]+", "node_.*", "node_cpu|node_mem", "a\\.b", "a\\*b", "line.break", ".*b.*",
        "[^a]*", "\\+Inf", "日.", "a|b|ab", "x@y&z", "(a|b)c?", "v1+0?"};

    private List<Labels> randomSeries(Random rnd, int n) {
        Set<Labels> set = new LinkedHashSet<>();
        while (set.size() < n) {
            Labels.Builder b = Labels.builder();
            int k = 1 + rnd.nextInt(4);
            for (int i = 0; i < k; i++) {
                b.set(NAMES[rnd.nextInt(NAMES.length)], VALUES[rnd.nextInt(VALUES.length)]);
            }
            set.add(b.build());
        }
        return new ArrayList<>(set);
    }

    private static LabelMatcher randomMatcher(Random rnd) {
        String name = rnd.nextInt(10) == 0 ? "absent" : NAMES[rnd.nextInt(NAMES.length)];
        LabelMatcher.Type type = LabelMatcher.Type.values()[rnd.nextInt(4)];
        String value = switch (type) {
            case EQUAL, NOT_EQUAL -> rnd.nextInt(5) == 0 ? "" : VALUES[rnd.nextInt(VALUES.length)];
            case REGEX, NOT_REGEX -> rnd.nextInt(4) == 0 ? VALUES[rnd.nextInt(VALUES.length)]
                    .replace("\\", "").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")
                    .replace("*", "\\*").replace(".", "\\.").replace("+", "\\+")
                    : REGEXES[rnd.nextInt(REGEXES.length)];
        };
        return new LabelMatcher(type, name, value);
    }

    @Test
    void agreesWithBruteForce(Random rnd, @TempDir Path dir) throws Exception {
        List<Labels> series = randomSeries(rnd, 200 + rnd.nextInt(600));
        int overlayLimit = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(100);
        try (LucenePostings postings = new LucenePostings(dir, series::get, overlayLimit)) {
            int added = 0;
            while (added < series.size()) {
                int step = Math.min(series.size() - added, 1 + rnd.nextInt(150));
                for (int i = 0; i < step; i++, added++) {
                    postings.add(added, series.get(added));
                }
                if (rnd.nextInt(4) == 0) {
                    postings.refresh();
                }
                for (int q = 0; q < 40; q++) {
                    List<LabelMatcher> matchers = new ArrayList<>();
                    int k = rnd.nextInt(4);
                    for (int i = 0; i < k; i++) {
                        matchers.add(randomMatcher(rnd));
                    }
                    int n = added;
                    int[] expected = IntStream.range(0, n)
                            .filter(ref -> LucenePostings.matchesAll(series.get(ref), matchers)).toArray();
                    assertArrayEquals(expected, postings.select(matchers), () -> "matchers " + matchers
                            + " over " + n + " series, overlay " + postings.overlaySize());
                }
            }
            for (String name : NAMES) {
                List<String> expected = series.stream().map(l -> l.get(name)).filter(v -> !v.isEmpty())
                        .distinct().sorted().toList();
                assertEquals(expected, postings.allValues(name));
            }
        }
    }

    /**
     * Series removed (their labels gone from the head, so the overlay function returns null) and refs
     * skipped (gaps a replay leaves) match nothing, in the reader and in the overlay alike, and label
     * values only removed series had are no longer listed.
     */
    @Test
    void removedAndSkippedRefsMatchNothing(Random rnd, @TempDir Path dir) throws Exception {
        List<Labels> series = randomSeries(rnd, 300 + rnd.nextInt(300));
        List<Labels> live = new ArrayList<>(java.util.Collections.nCopies(series.size(), (Labels) null));
        try (LucenePostings postings = new LucenePostings(dir, live::get, rnd.nextInt(50))) {
            for (int ref = 0; ref < series.size(); ref++) {
                if (rnd.nextInt(10) == 0) {
                    continue; // a gap
                }
                live.set(ref, series.get(ref));
                postings.add(ref, series.get(ref));
                if (rnd.nextInt(40) == 0) {
                    int[] removed = IntStream.range(0, ref + 1)
                            .filter(r -> live.get(r) != null && rnd.nextInt(3) == 0).toArray();
                    for (int r : removed) {
                        live.set(r, null);
                    }
                    postings.remove(removed);
                }
                if (rnd.nextInt(20) == 0) {
                    postings.refresh();
                }
            }
            for (int q = 0; q < 100; q++) {
                List<LabelMatcher> matchers = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    matchers.add(randomMatcher(rnd));
                }
                int[] expected = IntStream.range(0, series.size())
                        .filter(ref -> live.get(ref) != null && LucenePostings.matchesAll(live.get(ref), matchers))
                        .toArray();
                assertArrayEquals(expected, postings.select(matchers), () -> "matchers " + matchers);
            }
            for (String name : NAMES) {
                List<String> expected = live.stream().filter(l -> l != null).map(l -> l.get(name))
                        .filter(v -> !v.isEmpty()).distinct().sorted().toList();
                assertEquals(expected, postings.allValues(name), name);
            }
            // a ref below the last one added (the last ref itself may have been a gap, so not that one)
            assertThrows(IllegalArgumentException.class, () -> postings.add(0, series.get(0)));
        }
    }

    @Test
    void emptyValueMatchersFollowPrometheus(@TempDir Path dir) throws Exception {
        List<Labels> series = List.of(Labels.of("a", "1"), Labels.of("b", "1"), Labels.of("a", "2", "b", "2"));
        try (LucenePostings postings = new LucenePostings(dir, series::get, 0)) {
            for (int i = 0; i < series.size(); i++) {
                postings.add(i, series.get(i));
            }
            assertArrayEquals(new int[] {1}, postings.select(List.of(LabelMatcher.equal("a", ""))));
            assertArrayEquals(new int[] {0, 2}, postings.select(List.of(LabelMatcher.notEqual("a", ""))));
            assertArrayEquals(new int[] {1, 2}, postings.select(List.of(LabelMatcher.notEqual("a", "1"))));
            assertArrayEquals(new int[] {0, 1}, postings.select(List.of(LabelMatcher.regex("a", "1|"))));
            assertArrayEquals(new int[] {2}, postings.select(List.of(LabelMatcher.notRegex("a", "1|"))));
            assertArrayEquals(new int[] {0, 1, 2}, postings.select(List.of()));
        }
    }

    @Test
    void literalPrefixStopsBeforeQuantifiersAndAlternation() {
        assertEquals("node_", MatcherPostings.literalPrefix(LabelMatcher.regex("n", "node_.*")));
        assertEquals("nod", MatcherPostings.literalPrefix(LabelMatcher.regex("n", "node?")));
        assertEquals("", MatcherPostings.literalPrefix(LabelMatcher.regex("n", "a|node_.*")));
        assertEquals("", MatcherPostings.literalPrefix(LabelMatcher.regex("n", "(?i)node")));
        assertEquals("", MatcherPostings.literalPrefix(LabelMatcher.notRegex("n", "node.*")));
    }
}

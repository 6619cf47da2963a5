package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSetLimitTest {

    static Stream<Arguments> inclusion() {
        return Stream.of(
                Arguments.of(new String[] {"team", "a"}, new String[] {"__name__", "m", "team", "a"}, true),
                Arguments.of(new String[] {"team", "a"}, new String[] {"__name__", "m", "team", "b"}, false),
                Arguments.of(new String[] {"team", "a"}, new String[] {"__name__", "m"}, false),
                Arguments.of(new String[] {"env", "prod", "team", "a"}, new String[] {"__name__", "m", "env", "prod", "i", "1", "team", "a"}, true),
                Arguments.of(new String[] {"env", "prod", "team", "a"}, new String[] {"__name__", "m", "env", "prod", "i", "1"}, false),
                Arguments.of(new String[] {"__name__", "up"}, new String[] {"__name__", "up", "job", "x"}, true),
                Arguments.of(new String[] {"zz", "1"}, new String[] {"__name__", "m", "a", "1"}, false),
                Arguments.of(new String[0], new String[] {"__name__", "m"}, true));
    }

    @ParameterizedTest
    @MethodSource("inclusion")
    void aSeriesFallsUnderASetWhenItCarriesEveryPair(String[] set, String[] series, boolean expected) {
        assertEquals(expected, new LabelSetLimit(set, 1).includedIn(series));
    }

    @ParameterizedTest
    @MethodSource("inclusion")
    void inclusionAgreesWithTheEqualityMatchersStorageIsAskedWith(String[] set, String[] series, boolean expected) {
        var labels = io.hearth.spi.storage.Labels.ofSortedPairs(series);
        assertEquals(expected, new LabelSetLimit(set, 1).matchers().stream().allMatch(m -> m.matches(labels)));
    }

    @org.junit.jupiter.api.Test
    void parsesTheCanonicalTextKeptInTheWorkspace() {
        List<LabelSetLimit> parsed = LabelSetLimit.parse("[{\"limits\":{\"maxSeries\":5},\"labelSet\":{\"env\":\"prod\",\"team\":\"a\"}},"
                + "{\"limits\":{},\"labelSet\":{}}]");
        assertEquals(List.of(new LabelSetLimit(new String[] {"env", "prod", "team", "a"}, 5), new LabelSetLimit(new String[0], 0)), parsed);
        assertEquals("{env=\"prod\", team=\"a\"}", parsed.get(0).describe());
        assertEquals(List.of(), LabelSetLimit.parse(null));
    }
}

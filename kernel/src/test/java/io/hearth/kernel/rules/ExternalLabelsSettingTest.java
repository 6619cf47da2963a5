package io.hearth.kernel.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.spi.storage.Labels;
import org.junit.jupiter.api.Test;

class ExternalLabelsSettingTest {

    @Test
    void pairsSeparatedByCommasTrimmedAndSorted() {
        assertEquals(Labels.of("cluster", "eu-1", "replica", "a b"),
                ExternalLabelsSetting.parse(" replica = a b , cluster=eu-1"));
        assertEquals(Labels.of("url", "http://x/?a=b"), ExternalLabelsSetting.parse("url=http://x/?a=b"));
    }

    @Test
    void blankIsNoneAndAnEmptyValueLeavesTheLabelOut() {
        assertEquals(Labels.EMPTY, ExternalLabelsSetting.parse(""));
        assertEquals(Labels.EMPTY, ExternalLabelsSetting.parse("  "));
        assertEquals(Labels.of("a", "1"), ExternalLabelsSetting.parse("a=1,b="));
    }

    @Test
    void badEntriesNameThePropertyAndTheEntry() {
        assertEquals("hearth.rules.external-labels: 'cluster' is not name=value",
                assertThrows(IllegalArgumentException.class, () -> ExternalLabelsSetting.parse("cluster")).getMessage());
        assertEquals("hearth.rules.external-labels: \"1x\" is not a valid label name",
                assertThrows(IllegalArgumentException.class, () -> ExternalLabelsSetting.parse("1x=a")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExternalLabelsSetting.parse("__name__=a"));
        assertThrows(IllegalArgumentException.class, () -> ExternalLabelsSetting.parse("a=1,,b=2"));
        assertEquals("hearth.rules.external-labels: label name \"a\" is given twice",
                assertThrows(IllegalArgumentException.class, () -> ExternalLabelsSetting.parse("a=1,a=2")).getMessage());
    }
}

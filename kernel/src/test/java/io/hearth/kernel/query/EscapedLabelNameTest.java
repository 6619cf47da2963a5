package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapedLabelNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "job                  | job", // not escaped
        "U__http_2e_method    | http.method",
        "U__my__label         | my_label",
        "U__a_1F600_b         | a\uD83D\uDE00b", // beyond the basic plane
        "U__caf_e9_           | caf\u00e9",
        "U__a_                | U__a_", // an underscore that ends the text
        "U__a_zz_             | U__a_zz_", // not hex
        "U__a_1234567_        | U__a_1234567_", // seven digits
        "U__a_110000_         | U__a_110000_", // past the last code point
        "U__a_d800_           | U__a_d800_", // a surrogate is no code point
        "U__a_2e              | U__a_2e", // never closed
    })
    void unescapesWellFormedNamesAndLeavesTheRestAsTheyCame(String text, String name) {
        assertEquals(name, EscapedLabelName.unescape(text));
    }
}

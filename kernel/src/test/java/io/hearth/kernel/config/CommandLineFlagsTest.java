package io.hearth.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineFlagsTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(new String[] {}, Map.of()),
                Arguments.of(new String[] {"--port", "9010"}, Map.of("hearth.port", "9010")),
                Arguments.of(new String[] {"--port=9010"}, Map.of("hearth.port", "9010")),
                Arguments.of(new String[] {"--host", "127.0.0.1", "--data-dir", "/d"},
                        Map.of("hearth.host", "127.0.0.1", "hearth.data-dir", "/d")),
                Arguments.of(new String[] {"--config", "/etc/h.properties"}, Map.of("hearth.config", "/etc/h.properties")),
                Arguments.of(new String[] {"--hearth.region=eu-west-1"}, Map.of("hearth.region", "eu-west-1")),
                Arguments.of(new String[] {"--hearth.x.y", "a=b"}, Map.of("hearth.x.y", "a=b")),
                Arguments.of(new String[] {"--port", "1", "--port", "2"}, Map.of("hearth.port", "2")));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void parsesFlagsIntoProperties(String[] args, Map<String, String> expected) {
        assertEquals(expected, CommandLineFlags.parse(args));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(new String[] {"--bogus"}, "unknown flag '--bogus'"),
                Arguments.of(new String[] {"--port"}, "flag '--port' needs a value"),
                Arguments.of(new String[] {"stray"}, "unexpected argument 'stray'"),
                Arguments.of(new String[] {"--"}, "unexpected argument '--'"),
                Arguments.of(new String[] {"--server.port=1"}, "unknown flag '--server.port'"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWithAMessageThatNamesTheProblem(String[] args, String message) {
        CommandLineFlags.UsageException e = assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse(args));
        assertEquals(message, e.getMessage());
        assertTrue(CommandLineFlags.usage().contains("--data-dir"));
    }
}

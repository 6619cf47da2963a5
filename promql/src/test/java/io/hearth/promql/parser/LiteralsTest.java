package io.hearth.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Duration literals: the hand-written scanner against a plain model built on a regex and big integers. */
class LiteralsTest {

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_NANOS = {365L * 86_400_000_000_000L, 7L * 86_400_000_000_000L, 86_400_000_000_000L,
        3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
    private static final Pattern GROUP = Pattern.compile("(\\d*)(\\D*)");

    /** Groups of digits and a unit, found by a regex and summed in big integers; the message of the first problem. */
    private static String model(String s) {
        if (s.equals("0")) {
            return "0";
        }
        if (s.isEmpty()) {
            return "empty duration string";
        }
        String invalid = "not a valid duration string: " + io.hearth.promql.ast.Printer.quote(s);
        Matcher m = GROUP.matcher(s);
        BigInteger total = BigInteger.ZERO;
        int previous = -1;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            if (m.group(1).isEmpty() || m.group(2).isEmpty()) {
                return invalid;
            }
            BigInteger amount = new BigInteger(m.group(1));
            if (amount.bitLength() > 64) {
                return invalid;
            }
            int u = Arrays.asList(UNITS).indexOf(m.group(2));
            if (u < 0) {
                return "unknown unit " + io.hearth.promql.ast.Printer.quote(m.group(2)) + " in duration "
                        + io.hearth.promql.ast.Printer.quote(s);
            }
            if (u <= previous) {
                return invalid;
            }
            previous = u;
            total = total.add(amount.multiply(BigInteger.valueOf(UNIT_NANOS[u])));
            if (total.bitLength() > 63) {
                return "duration out of range";
            }
            at = m.end();
        }
        return total.toString();
    }

    private static String parsed(String s) {
        try {
            return Long.toString(Literals.parseDurationNanos(s));
        } catch (Literals.LiteralException e) {
            return e.getMessage();
        }
    }

    @Test
    void examplesGiveTheirNanosecondsOrUpstreamsMessage() {
        assertEquals("5400000000000", parsed("1h30m"));
        assertEquals("1500000000", parsed("1s500ms"));
        assertEquals("0", parsed("0"));
        assertEquals("3000000000", parsed("0003s"));
        assertEquals("not a valid duration string: \"30m1h\"", parsed("30m1h"));
        assertEquals("unknown unit \"hs\" in duration \"1y1hs\"", parsed("1y1hs"));
        assertEquals("duration out of range", parsed("9223372036854775808ms"));
        assertEquals("duration out of range", parsed("18446744073709551615ms"));
        assertEquals("not a valid duration string: \"18446744073709551616ms\"", parsed("18446744073709551616ms"));
        assertEquals("duration out of range", parsed("300y"));
        assertEquals("not a valid duration string: \"5\"", parsed("5"));
        assertEquals("not a valid duration string: \"m\"", parsed("m"));
        assertEquals("empty duration string", parsed(""));
    }

    @Test
    void randomStringsParseAsTheModelSays() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] pieces = {"0", "1", "5", "9", "00", "123", "9223372036854775807", "18446744073709551616", "y", "w", "d", "h",
            "m", "s", "ms", "us", "x", "é", "٣"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = b.toString();
            assertEquals(model(s), parsed(s), "duration \"" + s + "\", seed " + seed);
        }
    }
}

package io.hearth.plugins.rules;

import io.hearth.spi.storage.StaleMarker;
import java.util.ArrayList;
import java.util.List;

/**
 * promtool's expanding notation for input values: {@code 1+2x3}, {@code 5x2}, {@code _},
 * {@code _x3}, {@code stale}.
 */
final class PromtoolSeriesValues {

    private PromtoolSeriesValues() {
    }

    /** @return one entry per step, null for a missing one */
    static List<Double> expand(String text) {
        List<Double> out = new ArrayList<>();
        for (String token : text.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("_")) {
                out.add(null);
            } else if (token.startsWith("_x")) {
                int n = Integer.parseInt(token.substring(2));
                for (int i = 0; i < n; i++) {
                    out.add(null);
                }
            } else if (token.equals("stale")) {
                out.add(StaleMarker.VALUE);
            } else {
                int x = token.indexOf('x');
                if (x < 0) {
                    out.add(parse(token));
                    continue;
                }
                int n = Integer.parseInt(token.substring(x + 1));
                String head = token.substring(0, x);
                int op = -1;
                for (int i = 1; i < head.length(); i++) {
                    char c = head.charAt(i);
                    if ((c == '+' || c == '-') && Character.toLowerCase(head.charAt(i - 1)) != 'e') {
                        op = i;
                        break;
                    }
                }
                double start = parse(op < 0 ? head : head.substring(0, op));
                double step = op < 0 ? 0 : parse(head.substring(op + 1)) * (head.charAt(op) == '-' ? -1 : 1);
                double v = start;
                out.add(v);
                for (int i = 1; i <= n; i++) {
                    v += step; // added up step by step, as promtool's parser does
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static double parse(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }
}

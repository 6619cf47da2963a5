package io.hearth.plugins.rules.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * A Go {@code time.Time} in UTC, as {@code toTime} returns it: prints as Go's {@code String}
 * ({@code 2015-06-23 13:19:44.128 +0000 UTC}) and formats with Go layouts ({@code .Format "2006"}).
 *
 * @param epochNanos nanoseconds since the epoch
 */
public record GoTime(long epochNanos) implements GoObject {

    @Override
    public String goType() {
        return "*time.Time";
    }

    @Override
    public Object select(String name, List<Object> args) {
        ZonedDateTime t = dateTime();
        return switch (name) {
            case "Format" -> {
                if (args.size() != 1 || !(args.get(0) instanceof String layout)) {
                    throw new TemplateException.Failure("wrong number of args for Format: want 1 got " + args.size());
                }
                yield format(layout);
            }
            case "Add" -> {
                if (args.size() != 1 || !(args.get(0) instanceof GoDuration d)) {
                    throw new TemplateException.Failure("wrong type for value; expected time.Duration");
                }
                yield new GoTime(epochNanos + d.nanos());
            }
            case "Sub" -> {
                if (args.size() != 1 || !(args.get(0) instanceof GoTime other)) {
                    throw new TemplateException.Failure("wrong type for value; expected time.Time");
                }
                yield new GoDuration(epochNanos - other.epochNanos);
            }
            case "Unix" -> Math.floorDiv(epochNanos, 1_000_000_000L);
            case "UnixMilli" -> Math.floorDiv(epochNanos, 1_000_000L);
            case "UnixNano" -> epochNanos;
            case "UTC" -> this;
            case "String" -> toString();
            case "Year" -> (long) t.getYear();
            case "YearDay" -> (long) t.getDayOfYear();
            case "Day" -> (long) t.getDayOfMonth();
            case "Hour" -> (long) t.getHour();
            case "Minute" -> (long) t.getMinute();
            case "Second" -> (long) t.getSecond();
            case "Nanosecond" -> (long) t.getNano();
            default -> throw new TemplateException.Failure("can't evaluate field " + name + " in type *time.Time");
        };
    }

    private ZonedDateTime dateTime() {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
                .atZone(ZoneOffset.UTC);
    }

    /** Go's {@code Time.String}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
    @Override
    public String toString() {
        return format("2006-01-02 15:04:05.999999999 -0700 MST");
    }

    /** Formats with a Go reference-time layout ({@code Mon Jan 2 15:04:05 MST 2006}). */
    public String format(String layout) {
        ZonedDateTime t = dateTime();
        StringBuilder out = new StringBuilder(layout.length() + 10);
        int i = 0;
        while (i < layout.length()) {
            char c = layout.charAt(i);
            String rest = layout.substring(i);
            int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
            if (rest.startsWith("January")) {
                out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                i += 7;
            } else if (rest.startsWith("Jan")) {
                out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                i += 3;
            } else if (rest.startsWith("Monday")) {
                out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                i += 6;
            } else if (rest.startsWith("Mon")) {
                out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                i += 3;
            } else if (rest.startsWith("MST")) {
                out.append("UTC");
                i += 3;
            } else if (rest.startsWith("2006")) {
                out.append(String.format("%04d", t.getYear()));
                i += 4;
            } else if (rest.startsWith("01")) {
                out.append(two(t.getMonthValue()));
                i += 2;
            } else if (rest.startsWith("02")) {
                out.append(two(t.getDayOfMonth()));
                i += 2;
            } else if (rest.startsWith("03")) {
                out.append(two(hour12));
                i += 2;
            } else if (rest.startsWith("04")) {
                out.append(two(t.getMinute()));
                i += 2;
            } else if (rest.startsWith("05")) {
                out.append(two(t.getSecond()));
                i += 2;
            } else if (rest.startsWith("06")) {
                out.append(two(t.getYear() % 100));
                i += 2;
            } else if (rest.startsWith("002")) {
                out.append(String.format("%03d", t.getDayOfYear()));
                i += 3;
            } else if (rest.startsWith("15")) {
                out.append(two(t.getHour()));
                i += 2;
            } else if (rest.startsWith("_2")) {
                out.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                i += 2;
            } else if (c == '1') {
                out.append(t.getMonthValue());
                i++;
            } else if (c == '2') {
                out.append(t.getDayOfMonth());
                i++;
            } else if (c == '3') {
                out.append(hour12);
                i++;
            } else if (c == '4') {
                out.append(t.getMinute());
                i++;
            } else if (c == '5') {
                out.append(t.getSecond());
                i++;
            } else if (rest.startsWith("PM")) {
                out.append(t.getHour() >= 12 ? "PM" : "AM");
                i += 2;
            } else if (rest.startsWith("pm")) {
                out.append(t.getHour() >= 12 ? "pm" : "am");
                i += 2;
            } else if (rest.startsWith("-07:00:00") || rest.startsWith("Z07:00:00")) {
                out.append(c == 'Z' ? "Z" : "+00:00:00");
                i += 9;
            } else if (rest.startsWith("-070000") || rest.startsWith("Z070000")) {
                out.append(c == 'Z' ? "Z" : "+000000");
                i += 7;
            } else if (rest.startsWith("-07:00") || rest.startsWith("Z07:00")) {
                out.append(c == 'Z' ? "Z" : "+00:00");
                i += 6;
            } else if (rest.startsWith("-0700") || rest.startsWith("Z0700")) {
                out.append(c == 'Z' ? "Z" : "+0000");
                i += 5;
            } else if (rest.startsWith("-07") || rest.startsWith("Z07")) {
                out.append(c == 'Z' ? "Z" : "+00");
                i += 3;
            } else if ((c == '.' || c == ',') && i + 1 < layout.length()
                    && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                char digit = layout.charAt(i + 1);
                int j = i + 1;
                while (j < layout.length() && layout.charAt(j) == digit) {
                    j++;
                }
                if (j < layout.length() && Character.isDigit(layout.charAt(j))) {
                    out.append(c);
                    i++;
                    continue;
                }
                String nanos = String.format("%09d", t.getNano()).substring(0, Math.min(9, j - i - 1));
                if (digit == '9') {
                    int end = nanos.length();
                    while (end > 0 && nanos.charAt(end - 1) == '0') {
                        end--;
                    }
                    if (end > 0) {
                        out.append(c).append(nanos, 0, end);
                    }
                } else {
                    out.append(c).append(nanos);
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}

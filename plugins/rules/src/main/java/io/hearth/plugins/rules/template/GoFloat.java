package io.hearth.plugins.rules.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat} for the formats templates print with: {@code 'e'}, {@code 'f'}
 * and {@code 'g'}, at a fixed precision or the shortest that reads back exactly (precision -1).
 * Alert texts must match Prometheus's to the character ({@code humanize} is {@code %.4g}, a bare
 * {@code $value} is {@code %v}), so the rules are Go's: correct rounding half to even of the exact
 * binary value, trailing zeros dropped by {@code %g}, exponents of at least two digits, and
 * {@code %g} switching to exponent form below 1e-4 or at the precision (6 for the shortest form).
 */
public final class GoFloat {

    private GoFloat() {
    }

    /** Decimal digits without trailing zeros and the position of the decimal point: 0.{digits} × 10^point. */
    private record Digits(String digits, int point) {
        int count() {
            return digits.length();
        }

        char at(int i) {
            return i >= 0 && i < digits.length() ? digits.charAt(i) : '0';
        }
    }

    /**
     * @param v the value
     * @param format {@code 'e'}, {@code 'f'} or {@code 'g'}
     * @param precision digits after the point ({@code e}, {@code f}) or significant digits
     *     ({@code g}); -1 for the shortest representation
     * @return Go's text, {@code +Inf}, {@code -Inf} and {@code NaN} included
     */
    public static String format(double v, char format, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        double abs = Math.abs(v);
        boolean shortest = precision < 0;
        Digits d;
        if (shortest) {
            d = shortestDigits(abs);
            precision = switch (format) {
                case 'e' -> Math.max(d.count() - 1, 0);
                case 'f' -> Math.max(d.count() - d.point(), 0);
                default -> d.count();
            };
        } else {
            d = switch (format) {
                case 'e' -> significant(abs, precision + 1);
                case 'f' -> fixed(abs, precision);
                default -> significant(abs, precision == 0 ? 1 : precision);
            };
            if (format == 'g' && precision == 0) {
                precision = 1;
            }
        }
        StringBuilder out = new StringBuilder(24);
        if (negative) {
            out.append('-');
        }
        switch (format) {
            case 'e' -> exponent(out, d, precision);
            case 'f' -> plain(out, d, precision);
            default -> {
                int eprec = precision;
                if (eprec > d.count() && d.count() >= d.point()) {
                    eprec = d.count();
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = d.point() - 1; // -1 for zero, as in Go, so zero prints plainly
                if (exp < -4 || exp >= eprec) {
                    exponent(out, d, Math.min(precision, Math.max(d.count(), 1)) - 1);
                } else {
                    plain(out, d, Math.max((precision > d.point() ? d.count() : precision) - d.point(), 0));
                }
            }
        }
        return out.toString();
    }

    private static Digits shortestDigits(double abs) {
        if (abs == 0) {
            return new Digits("", 0);
        }
        return digitsOf(new BigDecimal(Double.toString(abs)));
    }

    private static Digits significant(double abs, int digits) {
        if (abs == 0) {
            return new Digits("", 0);
        }
        return digitsOf(new BigDecimal(abs).round(new MathContext(digits, RoundingMode.HALF_EVEN)));
    }

    private static Digits fixed(double abs, int decimals) {
        if (abs == 0) {
            return new Digits("", 0);
        }
        BigDecimal rounded = new BigDecimal(abs).setScale(decimals, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
            return new Digits("", 0);
        }
        return digitsOf(rounded);
    }

    private static Digits digitsOf(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        String unscaled = stripped.unscaledValue().toString();
        return new Digits(unscaled, unscaled.length() - stripped.scale());
    }

    /** Go's fmtE: d.ddddde±dd. */
    private static void exponent(StringBuilder out, Digits d, int precision) {
        out.append(d.count() == 0 ? '0' : d.at(0));
        if (precision > 0) {
            out.append('.');
            for (int i = 1; i <= precision; i++) {
                out.append(d.at(i));
            }
        }
        int exp = d.count() == 0 ? 0 : d.point() - 1;
        out.append('e').append(exp < 0 ? '-' : '+');
        exp = Math.abs(exp);
        if (exp < 10) {
            out.append('0');
        }
        out.append(exp);
    }

    /** Go's fmtF: ddd.ddd. */
    private static void plain(StringBuilder out, Digits d, int precision) {
        if (d.point() > 0) {
            for (int i = 0; i < d.point(); i++) {
                out.append(d.at(i));
            }
        } else {
            out.append('0');
        }
        if (precision > 0) {
            out.append('.');
            for (int i = 1; i <= precision; i++) {
                out.append(d.at(d.point() + i - 1));
            }
        }
    }
}

package io.hearth.kernel.query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal JSON writer straight into UTF-8 bytes, for the query answers, whose hundreds of
 * thousands of points made a general-purpose generator (state checks, a char buffer, an encoder)
 * the largest cost of a range query after evaluation. The caller writes the punctuation; this
 * writes strings escaped exactly as Parsson (the server's JSON-P generator) escapes them, and the
 * numbers as the Prometheus API writes them. Not thread-safe; {@link #finish} at the end.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private final StringBuilder scratch = new StringBuilder(32);
    private int n;

    JsonBytes(OutputStream out) {
        this.out = out;
    }

    /** Writes ASCII text that needs no escaping: punctuation, member names known in advance. */
    JsonBytes raw(String ascii) throws IOException {
        int len = ascii.length();
        if (len > buf.length - n) {
            drain();
            if (len > buf.length) {
                out.write(ascii.getBytes(StandardCharsets.UTF_8));
                return this;
            }
        }
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Writes one ASCII character. */
    JsonBytes raw(char c) throws IOException {
        if (n == buf.length) {
            drain();
        }
        buf[n++] = (byte) c;
        return this;
    }

    /**
     * Writes {@code s} as a JSON string: {@code "} and {@code \} escaped, {@code \b \f \n \r \t}
     * by name, other control characters as {@code \}{@code u00xx}, everything else as UTF-8 (a lone
     * surrogate becomes {@code ?}, as the UTF-8 encoder behind Parsson writes it).
     */
    JsonBytes string(String s) throws IOException {
        raw('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (n == buf.length) {
                    drain();
                }
                buf[n++] = (byte) c;
            } else if (c >= 0x80) {
                // the rest from here through the encoder: non-ASCII is rare in labels
                int end = i + 1;
                while (end < len && s.charAt(end) >= 0x80) {
                    end++;
                }
                bytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            } else {
                switch (c) {
                    case '"' -> raw("\\\"");
                    case '\\' -> raw("\\\\");
                    case '\b' -> raw("\\b");
                    case '\f' -> raw("\\f");
                    case '\n' -> raw("\\n");
                    case '\r' -> raw("\\r");
                    case '\t' -> raw("\\t");
                    default -> raw("\\u00").raw((char) HEX[c >> 4]).raw((char) HEX[c & 0xF]);
                }
            }
        }
        return raw('"');
    }

    /** Writes a JSON number from a long. */
    JsonBytes number(long v) throws IOException {
        if (buf.length - n < 20) {
            drain();
        }
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return raw(Long.toString(v));
            }
            buf[n++] = '-';
            v = -v;
        }
        int digits = digits(v);
        int i = n + digits;
        // two digits per division, in int arithmetic once the rest fits (long division is slow)
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            buf[--i] = ONES[r];
            buf[--i] = TENS[r];
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = w - q * 100;
            buf[--i] = ONES[r];
            buf[--i] = TENS[r];
            w = q;
        }
        if (w >= 10) {
            buf[--i] = ONES[w];
            buf[--i] = TENS[w];
        } else {
            buf[--i] = (byte) ('0' + w);
        }
        n += digits;
        return this;
    }

    private static int digits(long v) {
        long p = 10;
        for (int d = 1; d < 19; d++) {
            if (v < p) {
                return d;
            }
            p *= 10;
        }
        return 19;
    }

    /** A timestamp in milliseconds as the seconds number Prometheus writes ("1435781451", "1435781451.780"). */
    JsonBytes timestamp(long millis) throws IOException {
        if (millis % 1000 == 0) {
            return number(millis / 1000);
        }
        if (millis == Long.MIN_VALUE) {
            return raw(PrometheusNumbers.timestamp(millis).toString());
        }
        // seconds, a point and three digits: what BigDecimal.valueOf(millis, 3) prints, written
        // without one per sample (raw samples of range vectors have milliseconds)
        if (millis < 0) {
            raw('-');
            millis = -millis;
        }
        number(millis / 1000);
        if (buf.length - n < 4) {
            drain();
        }
        int fraction = (int) (millis % 1000);
        buf[n++] = '.';
        buf[n++] = (byte) ('0' + fraction / 100);
        buf[n++] = TENS[fraction % 100];
        buf[n++] = ONES[fraction % 100];
        return this;
    }

    /** A sample value as the quoted string Prometheus writes ({@link PrometheusNumbers#value}). */
    JsonBytes value(double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && v != 0) {
            return raw('"').number((long) v).raw('"');
        }
        int d = PrometheusNumbers.fractionDigits(v);
        if (d > 0) {
            long m = PrometheusNumbers.scaled(Math.abs(v), d);
            long unit = d == 1 ? 10 : d == 2 ? 100 : 1000;
            raw('"');
            if (v < 0) {
                raw('-');
            }
            number(m / unit).raw('.');
            long fraction = m % unit;
            for (long u = unit / 10; u > fraction && u > 1; u /= 10) {
                raw('0');
            }
            return number(fraction).raw('"');
        }
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return raw('"').raw(PrometheusNumbers.value(v)).raw('"');
        }
        // Java's shortest round-trip digits, appended into a reused builder: without an exponent
        // (10^-3 <= |v| < 10^7, ratios and most gauges) they are Prometheus's text as they are
        scratch.setLength(0);
        scratch.append(v);
        if (scratch.indexOf("E") >= 0) {
            return raw('"').raw(PrometheusNumbers.plain(scratch.toString())).raw('"');
        }
        int len = scratch.length();
        if (len >= 2 && scratch.charAt(len - 1) == '0' && scratch.charAt(len - 2) == '.') {
            len -= 2;
        }
        if (len + 2 > buf.length - n) {
            drain();
        }
        buf[n++] = '"';
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) scratch.charAt(i);
        }
        buf[n++] = '"';
        return this;
    }

    private void bytes(byte[] b) throws IOException {
        if (b.length > buf.length - n) {
            drain();
            if (b.length > buf.length) {
                out.write(b);
                return;
            }
        }
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    private void drain() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    /**
     * Writes out what is buffered, without flushing: the container flushes as it ends the answer.
     * A flush here sent the last data apart from the end of the chunked body, and that small
     * write then waited for the client's delayed acknowledgement (Nagle): 40 ms per answer.
     */
    void finish() throws IOException {
        drain();
    }
}

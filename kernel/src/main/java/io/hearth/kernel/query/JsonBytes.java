package io.hearth.kernel.query;

import io.hearth.spi.storage.FloatHistogram;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal JSON writer straight into UTF-8 bytes, for the query answers, whose hundreds of
 * thousands of points made a general-purpose generator (state checks, a char buffer, an encoder)
 * the largest cost of a range query after evaluation. The caller writes the punctuation; this
 * writes strings escaped exactly as Parsson (the server's JSON-P generator) escapes them, and the
 * numbers as the Prometheus API writes them. Not thread-safe; {@link #finish} at the end.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** A stream writer's first buffer: most answers fit it and are written in one piece. */
    private static final int FIRST_BUFFER = 16 * 1024;
    /**
     * The largest a stream writer's buffer grows to before it writes out: every write below pays
     * the container's per-write costs (a chunk header and a copy into a fresh buffer, a socket
     * write), which at 16 KiB were about a thousand writes for a 15 MB answer.
     */
    static final int MAX_BUFFER = 256 * 1024;

    private final OutputStream out;
    private byte[] buf;
    private final StringBuilder scratch = new StringBuilder(32);
    private int n;

    /** A writer into {@code out}, through a buffer of its own. */
    JsonBytes(OutputStream out) {
        this.out = out;
        this.buf = new byte[FIRST_BUFFER];
    }

    private JsonBytes(int expectedBytes) {
        this.out = null;
        this.buf = new byte[Math.max(1024, expectedBytes)];
    }

    /** A writer into memory, whose buffer grows: a part of an answer, {@link #append appended} later. */
    static JsonBytes inMemory(int expectedBytes) {
        return new JsonBytes(expectedBytes);
    }

    /** Writes what {@code part} (written {@link #inMemory in memory}) holds. */
    JsonBytes append(JsonBytes part) throws IOException {
        if (room(part.n)) {
            System.arraycopy(part.buf, 0, buf, n, part.n);
            n += part.n;
        } else {
            out.write(part.buf, 0, part.n);
        }
        return this;
    }

    /** Writes ASCII text that needs no escaping: punctuation, member names known in advance. */
    JsonBytes raw(String ascii) throws IOException {
        int len = ascii.length();
        if (!room(len)) {
            out.write(ascii.getBytes(StandardCharsets.UTF_8));
            return this;
        }
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Writes one ASCII character. */
    JsonBytes raw(char c) throws IOException {
        room(1);
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
                room(1);
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
        room(NumberBytes.MAX_LONG);
        n = NumberBytes.number(buf, n, v);
        return this;
    }

    /** A timestamp in milliseconds as the seconds number Prometheus writes ("1435781451", "1435781451.780"). */
    JsonBytes timestamp(long millis) throws IOException {
        room(NumberBytes.MAX_TIMESTAMP);
        n = NumberBytes.timestamp(buf, n, millis);
        return this;
    }

    /** A sample value as the quoted string Prometheus writes ({@link PrometheusNumbers#value}). */
    JsonBytes value(double v) throws IOException {
        return quoted(v, true);
    }

    /** A scalar's value as the quoted string Prometheus writes, never with an exponent. */
    JsonBytes plainValue(double v) throws IOException {
        return quoted(v, false);
    }

    private JsonBytes quoted(double v, boolean exponents) throws IOException {
        room(NumberBytes.MAX_VALUE + 2);
        buf[n++] = '"';
        n = exponents ? NumberBytes.value(v, buf, n, scratch) : NumberBytes.plainValue(v, buf, n, scratch);
        buf[n++] = '"';
        return this;
    }

    /**
     * Writes the float points of a series, {@code [t,"v"]} separated by commas, leaving out those
     * with a histogram ({@code histograms} may be null): one loop over the arrays with one room
     * check per point, as the points are most of a range answer. A timestamp one step of whole
     * seconds after the last one written (a range answer's grid) is that one's text, copied and
     * added to ({@link NumberBytes#addSeconds}): converting it whole was 40% of a point's time.
     */
    JsonBytes floatPoints(long[] timestamps, double[] values, FloatHistogram[] histograms) throws IOException {
        byte[] b = buf;
        boolean first = true;
        int lastAt = -1; // where the last timestamp's text is in b, when it is whole seconds (10 or more)
        int lastLen = 0; // its length, kept across a drain (0: the last one was not whole seconds)
        long lastMillis = 0;
        long stepMillis = 0; // always stepSeconds * 1000
        int stepSeconds = 0;
        for (int i = 0; i < timestamps.length; i++) {
            if (histograms != null && histograms[i] != null) {
                continue;
            }
            if (b.length - n < POINT_ROOM) {
                room(POINT_ROOM);
                b = buf;
                lastAt = -1;
            }
            int at = n;
            if (!first) {
                b[at++] = ',';
            }
            first = false;
            b[at++] = '[';
            long t = timestamps[i];
            boolean written = false;
            if (lastAt >= 0 && t - lastMillis == stepMillis) {
                for (int k = 0; k < lastLen; k++) { // a dozen bytes: cheaper than System.arraycopy's set-up
                    b[at + k] = b[lastAt + k];
                }
                if (NumberBytes.addSeconds(b, at, lastLen, stepSeconds)) { // else one more digit: written whole
                    lastAt = at;
                    at += lastLen;
                    lastMillis = t;
                    written = true;
                }
            }
            if (!written) {
                int start = at;
                at = NumberBytes.timestamp(b, at, t);
                if (t % 1000 == 0 && t >= 10_000) {
                    long since = t - lastMillis;
                    if (lastLen > 0 && since > 0 && since < 100_000 && since % 1000 == 0) {
                        stepMillis = since;
                        stepSeconds = (int) (since / 1000);
                    }
                    lastAt = start;
                    lastLen = at - start;
                    lastMillis = t;
                } else {
                    lastAt = -1;
                    lastLen = 0;
                }
            }
            b[at++] = ',';
            b[at++] = '"';
            at = NumberBytes.value(values[i], b, at, scratch);
            b[at++] = '"';
            b[at++] = ']';
            n = at;
        }
        return this;
    }

    /** Room for one point: ",[", a timestamp, ",\"", a value, "\"]". */
    private static final int POINT_ROOM = NumberBytes.MAX_TIMESTAMP + NumberBytes.MAX_VALUE + 6;

    /**
     * Makes room for {@code bytes} more in the buffer: writes it out, or in memory grows it.
     *
     * @return false when they do not fit even in an empty buffer: the caller writes them to the stream
     */
    private boolean room(int bytes) throws IOException {
        if (buf.length - n >= bytes) {
            return true;
        }
        if (out == null) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + bytes));
            return true;
        }
        if (n + bytes <= MAX_BUFFER) {
            buf = Arrays.copyOf(buf, Math.min(MAX_BUFFER, Math.max(buf.length * 2, n + bytes)));
            return true;
        }
        drain();
        return bytes <= buf.length;
    }

    private void bytes(byte[] b) throws IOException {
        if (!room(b.length)) {
            out.write(b);
            return;
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
        if (out != null) {
            drain();
        }
    }
}

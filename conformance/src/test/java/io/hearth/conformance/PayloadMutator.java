package io.hearth.conformance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks a valid body in the ways a buggy or hostile sender would: bit flips, inserted and
 * deleted bytes, truncation, random varints, corrupted length prefixes of protobuf fields at any
 * depth, duplicated slices, and for JSON stray tokens and extreme numbers. Every choice comes from
 * the given {@link Random}, so a seed reproduces a body exactly.
 */
final class PayloadMutator {

    /** A mutated body and what was done to it, for the failure message. */
    record Mutation(String description, byte[] body) {
    }

    private static final String[] JSON_TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-", "0", "1e999",
        "-1e999", "18446744073709551616", "\"NaN\"", "\"\\u0000\"", "\"\\ud800\"", "{\"asInt\":\"x\"}", "\"timeUnixNano\":-1",
        "\"scale\":2147483647", "\"bucketCounts\":[\"-1\"]", "\"offset\":-2147483648"};
    private static final String[] JSON_NUMBERS = {"-1", "0", "1e308", "-1e308", "1e400", "2147483648", "-2147483649",
        "9223372036854775808", "18446744073709551615", "0.5", "\"abc\"", "[]", "{}", "null", "\"-1\""};

    private PayloadMutator() {
    }

    /** One to three mutations of a protobuf body. */
    static Mutation protobuf(byte[] body, Random random) {
        byte[] out = body;
        StringBuilder what = new StringBuilder();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int kind = random.nextInt(7);
            what.append(what.isEmpty() ? "" : ", ");
            out = switch (kind) {
                case 0 -> flipBits(out, random, what);
                case 1 -> insertBytes(out, random, what);
                case 2 -> deleteBytes(out, random, what);
                case 3 -> truncate(out, random, what);
                case 4 -> insertVarint(out, random, what);
                case 5 -> corruptLength(out, random, what);
                default -> duplicateSlice(out, random, what);
            };
        }
        return new Mutation(what.toString(), out);
    }

    /** One to three mutations of a JSON body, textual or byte-level. */
    static Mutation json(byte[] body, Random random) {
        byte[] out = body;
        StringBuilder what = new StringBuilder();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int kind = random.nextInt(6);
            what.append(what.isEmpty() ? "" : ", ");
            out = switch (kind) {
                case 0 -> flipBits(out, random, what);
                case 1 -> deleteBytes(out, random, what);
                case 2 -> truncate(out, random, what);
                case 3 -> insertToken(out, random, what);
                case 4 -> replaceNumber(out, random, what);
                default -> duplicateSlice(out, random, what);
            };
        }
        return new Mutation(what.toString(), out);
    }

    static byte[] flipBits(byte[] in, Random random, StringBuilder what) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        what.append(flips).append(" bit flips");
        return out;
    }

    static byte[] insertBytes(byte[] in, Random random, StringBuilder what) {
        int at = random.nextInt(in.length + 1);
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        what.append(extra.length).append(" random bytes inserted at ").append(at);
        return splice(in, at, at, extra);
    }

    static byte[] deleteBytes(byte[] in, Random random, StringBuilder what) {
        if (in.length == 0) {
            return in;
        }
        int at = random.nextInt(in.length);
        int n = Math.min(in.length - at, 1 + random.nextInt(16));
        what.append(n).append(" bytes deleted at ").append(at);
        return splice(in, at, at + n, new byte[0]);
    }

    static byte[] truncate(byte[] in, Random random, StringBuilder what) {
        int keep = in.length == 0 ? 0 : random.nextInt(in.length);
        what.append("truncated to ").append(keep).append(" bytes");
        return Arrays.copyOf(in, keep);
    }

    static byte[] insertVarint(byte[] in, Random random, StringBuilder what) {
        long value = interestingLong(random);
        int at = random.nextInt(in.length + 1);
        what.append("varint ").append(value).append(" inserted at ").append(at);
        return splice(in, at, at, varint(value));
    }

    /** Replaces the length prefix of one length-delimited field, found at any depth, with another varint. */
    static byte[] corruptLength(byte[] in, Random random, StringBuilder what) {
        List<int[]> lengths = new ArrayList<>();
        collectLengths(in, 0, in.length, 0, lengths);
        if (lengths.isEmpty()) {
            return flipBits(in, random, what);
        }
        int[] field = lengths.get(random.nextInt(lengths.size()));
        long old = field[2];
        long value = switch (random.nextInt(5)) {
            case 0 -> old + 1;
            case 1 -> Math.max(0, old - 1);
            case 2 -> old * 2 + 1;
            case 3 -> 0;
            default -> interestingLong(random);
        };
        what.append("length ").append(old).append(" at ").append(field[0]).append(" -> ").append(value);
        return splice(in, field[0], field[0] + field[1], varint(value));
    }

    static byte[] duplicateSlice(byte[] in, Random random, StringBuilder what) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int n = Math.min(in.length - from, 1 + random.nextInt(64));
        int at = random.nextInt(in.length + 1);
        what.append(n).append(" bytes from ").append(from).append(" copied to ").append(at);
        return splice(in, at, at, Arrays.copyOfRange(in, from, from + n));
    }

    static byte[] insertToken(byte[] in, Random random, StringBuilder what) {
        String token = JSON_TOKENS[random.nextInt(JSON_TOKENS.length)];
        int at = random.nextInt(in.length + 1);
        what.append("token ").append(token).append(" inserted at ").append(at);
        return splice(in, at, at, token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Replaces one number (or quoted 64-bit integer) of a JSON text with an extreme or wrongly typed value. */
    static byte[] replaceNumber(byte[] in, Random random, StringBuilder what) {
        List<int[]> numbers = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (Character.isDigit(in[i]) && (i == 0 || !Character.isLetterOrDigit(in[i - 1]) && in[i - 1] != '.')) {
                int end = i;
                while (end < in.length && (Character.isDigit(in[end]) || in[end] == '.' || in[end] == 'e' || in[end] == '-')) {
                    end++;
                }
                numbers.add(new int[] {i, end});
                i = end;
            }
        }
        if (numbers.isEmpty()) {
            return insertToken(in, random, what);
        }
        int[] number = numbers.get(random.nextInt(numbers.size()));
        String replacement = JSON_NUMBERS[random.nextInt(JSON_NUMBERS.length)];
        what.append("number at ").append(number[0]).append(" -> ").append(replacement);
        return splice(in, number[0], number[1], replacement.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Walks protobuf wire format, recording {offset, size, value} of every length prefix that frames a field. */
    private static boolean collectLengths(byte[] b, int from, int to, int depth, List<int[]> out) {
        int p = from;
        int found = out.size();
        while (p < to) {
            long[] tag = readVarint(b, p, to);
            if (tag == null || tag[0] == 0) {
                truncateTo(out, found);
                return false;
            }
            p = (int) tag[1];
            switch ((int) (tag[0] & 7)) {
                case 0 -> {
                    long[] v = readVarint(b, p, to);
                    if (v == null) {
                        truncateTo(out, found);
                        return false;
                    }
                    p = (int) v[1];
                }
                case 1 -> p += 8;
                case 5 -> p += 4;
                case 2 -> {
                    long[] len = readVarint(b, p, to);
                    if (len == null || len[0] < 0 || len[1] + len[0] > to) {
                        truncateTo(out, found);
                        return false;
                    }
                    out.add(new int[] {p, (int) len[1] - p, (int) len[0]});
                    int start = (int) len[1];
                    int end = start + (int) len[0];
                    if (depth < 8 && len[0] > 0) {
                        collectLengths(b, start, end, depth + 1, out);
                    }
                    p = end;
                }
                default -> {
                    truncateTo(out, found);
                    return false;
                }
            }
        }
        if (p != to) {
            truncateTo(out, found);
            return false;
        }
        return true;
    }

    private static void truncateTo(List<int[]> list, int size) {
        while (list.size() > size) {
            list.remove(list.size() - 1);
        }
    }

    /** @return {value, position after it}, or null when the varint runs past {@code to} or is too long */
    private static long[] readVarint(byte[] b, int p, int to) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= to) {
                return null;
            }
            byte x = b[p++];
            value |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return new long[] {value, p};
            }
        }
        return null;
    }

    private static long interestingLong(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> -1;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> Integer.MAX_VALUE + 1L;
            case 3 -> Long.MAX_VALUE;
            case 4 -> Long.MIN_VALUE;
            case 5 -> random.nextInt(256);
            case 6 -> 1L << random.nextInt(63);
            default -> random.nextLong();
        };
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}

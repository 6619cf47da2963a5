package io.hearth.plugins.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Label names and values repeat in every request a sender makes, so the decoders read them
 * through this cache: a hit costs a hash and a byte comparison, with no UTF-8 decoding and no new
 * String, and the same String instance comes back every time, which makes the head's series
 * lookup (label-by-label equality) stop at the identity check.
 *
 * <p>A direct-mapped table shared by all threads: a slot holds one immutable entry, a miss
 * replaces it, and a race between two threads at worst decodes a string twice. Safe without
 * locks because entries are immutable and a stale read is only a miss.
 *
 * <p>Most label names and values are at most 16 bytes: those are read as two little-endian words,
 * hashed from the words and compared with the entry's words, so a hit reads no byte array but
 * the body's.
 */
final class StringCache {

    private static final int SLOTS = 1 << 16;
    private static final int MAX_CACHED_LENGTH = 256;
    private static final int WORDS_LENGTH = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Entry[] slots = new Entry[SLOTS];

    /**
     * @param bytes the string's bytes when longer than 16, else null
     * @param low bytes 0-7 of a short string, zero-padded (0 for a long one)
     * @param high bytes 8-15 of a short string, zero-padded (0 for a long one)
     */
    private record Entry(byte[] bytes, long low, long high, int length, int hash, String value) {
    }

    /**
     * Reads a length-delimited string field's value from {@code in}, whose bytes are {@code buffer}
     * from offset 0 up to {@code end} (the array may be longer: a pooled buffer).
     *
     * @throws InvalidProtocolBufferException when the bytes are not valid UTF-8 or run past the end
     */
    String read(CodedInputStream in, byte[] buffer, int end) throws IOException {
        int length = in.readRawVarint32();
        int offset = in.getTotalBytesRead();
        int available = in.getBytesUntilLimit() >= 0 ? in.getBytesUntilLimit() : end - offset;
        if (length < 0 || length > available) {
            throw new InvalidProtocolBufferException("a string runs past the end of its message");
        }
        in.skipRawBytes(length);
        return read(buffer, offset, length);
    }

    /**
     * The string of {@code buffer[offset, offset + length)}, a region the caller has checked.
     *
     * @throws InvalidProtocolBufferException when the bytes are not valid UTF-8
     */
    String read(byte[] buffer, int offset, int length) throws InvalidProtocolBufferException {
        if (length > MAX_CACHED_LENGTH) {
            return decode(buffer, offset, length);
        }
        if (length <= WORDS_LENGTH) {
            long low = word(buffer, offset, Math.min(length, 8));
            long high = length > 8 ? word(buffer, offset + 8, length - 8) : 0;
            int hash = hash(low, high, length);
            int slot = hash & (SLOTS - 1);
            Entry entry = slots[slot];
            if (entry != null && entry.low == low && entry.high == high && entry.length == length) {
                return entry.value;
            }
            String value = decode(buffer, offset, length);
            slots[slot] = new Entry(null, low, high, length, hash, value);
            return value;
        }
        int hash = hash(buffer, offset, length);
        int slot = hash & (SLOTS - 1);
        Entry entry = slots[slot];
        if (entry != null && entry.hash == hash && entry.bytes != null
                && Arrays.equals(entry.bytes, 0, entry.bytes.length, buffer, offset, offset + length)) {
            return entry.value;
        }
        String value = decode(buffer, offset, length);
        slots[slot] = new Entry(Arrays.copyOfRange(buffer, offset, offset + length), 0, 0, length, hash, value);
        return value;
    }

    /** Bytes {@code [offset, offset + count)}, count 0 to 8, as a little-endian word padded with zeros. */
    static long word(byte[] buffer, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (offset + 8 <= buffer.length) {
            long w = (long) LONGS.get(buffer, offset);
            return count == 8 ? w : w & (-1L >>> (64 - 8 * count));
        }
        long w = 0; // the last few bytes of the buffer: no whole word to read
        for (int i = count - 1; i >= 0; i--) {
            w = (w << 8) | (buffer[offset + i] & 0xFF);
        }
        return w;
    }

    private static int hash(long low, long high, int length) {
        long h = (low * 0x9E3779B97F4A7C15L) ^ (high * 0xC2B2AE3D27D4EB4FL) ^ length;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** Strict UTF-8: malformed input is refused, as protobuf's string fields require (only on misses). */
    private static String decode(byte[] buffer, int offset, int length) throws InvalidProtocolBufferException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidProtocolBufferException("a string is not valid UTF-8");
        }
    }

    private static int hash(byte[] buffer, int offset, int length) {
        int h = 0x9747b28c;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + buffer[i];
        }
        return h ^ (h >>> 16);
    }
}

package io.hearth.plugins.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 */
final class StringCache {

    private static final int SLOTS = 1 << 16;
    private static final int MAX_CACHED_LENGTH = 256;

    private final Entry[] slots = new Entry[SLOTS];

    private record Entry(byte[] bytes, int hash, String value) {
    }

    /**
     * Reads a length-delimited string field's value from {@code in}, whose bytes are {@code buffer}
     * from offset 0.
     *
     * @throws InvalidProtocolBufferException when the bytes are not valid UTF-8 or run past the end
     */
    String read(CodedInputStream in, byte[] buffer) throws IOException {
        int length = in.readRawVarint32();
        int offset = in.getTotalBytesRead();
        int available = in.getBytesUntilLimit() >= 0 ? in.getBytesUntilLimit() : buffer.length - offset;
        if (length < 0 || length > available) {
            throw new InvalidProtocolBufferException("a string runs past the end of its message");
        }
        in.skipRawBytes(length);
        if (length > MAX_CACHED_LENGTH) {
            return decode(buffer, offset, length);
        }
        int hash = hash(buffer, offset, length);
        int slot = hash & (SLOTS - 1);
        Entry entry = slots[slot];
        if (entry != null && entry.hash == hash
                && Arrays.equals(entry.bytes, 0, entry.bytes.length, buffer, offset, offset + length)) {
            return entry.value;
        }
        String value = decode(buffer, offset, length);
        slots[slot] = new Entry(Arrays.copyOfRange(buffer, offset, offset + length), hash, value);
        return value;
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

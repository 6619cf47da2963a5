package io.hearth.plugins.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Protobuf wire format read straight from a byte array: a position and the end of the message
 * being read, nothing else. Remote write 1.0's hot messages (series, labels, samples) are read
 * through it because {@code CodedInputStream}'s general machinery (limit stack, buffer refills,
 * per-call checks) cost more than the fields themselves on bodies of thousands of tiny messages.
 *
 * <p>Every read is checked against the current message's end, so a truncated or corrupt body
 * fails with {@link InvalidProtocolBufferException} and never reads out of bounds.
 */
final class WireReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buffer;
    private int position;
    private int end;

    /** Reads {@code buffer[offset, offset + length)} as one message. */
    WireReader(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " of " + buffer.length + " bytes");
        }
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    /** @return the next field's tag, or 0 at the end of the current message */
    int readTag() throws InvalidProtocolBufferException {
        if (position >= end) {
            return 0;
        }
        int tag = readVarint32();
        if (tag >>> 3 == 0) {
            throw new InvalidProtocolBufferException("a field has the invalid number 0");
        }
        return tag;
    }

    /** A varint's low 32 bits, as protobuf reads int32 and lengths. */
    int readVarint32() throws InvalidProtocolBufferException {
        if (position < end) {
            byte b = buffer[position];
            if (b >= 0) { // the common one-byte case
                position++;
                return b;
            }
        }
        return (int) readVarint64();
    }

    long readVarint64() throws InvalidProtocolBufferException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw truncated();
            }
            byte b = buffer[position++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new InvalidProtocolBufferException("a varint is longer than 10 bytes");
    }

    double readDouble() throws InvalidProtocolBufferException {
        if (end - position < 8) {
            throw truncated();
        }
        long bits = (long) LONGS.get(buffer, position);
        position += 8;
        return Double.longBitsToDouble(bits);
    }

    /**
     * Reads a length prefix and narrows the reader to that many bytes.
     *
     * @return the end to restore with {@link #leave} once the nested message is read
     */
    int enter() throws InvalidProtocolBufferException {
        int length = readVarint32();
        if (length < 0 || length > end - position) {
            throw truncated();
        }
        int outer = end;
        end = position + length;
        return outer;
    }

    /** Skips what is left of the nested message and widens the reader back to {@code outer}. */
    void leave(int outer) {
        position = end;
        end = outer;
    }

    /** @return the absolute offset of the next byte in the buffer */
    int position() {
        return position;
    }

    /** @return how many bytes are left in the current message */
    int remaining() {
        return end - position;
    }

    /** Moves past {@code count} bytes of the current message. */
    void skip(int count) throws InvalidProtocolBufferException {
        if (count < 0 || count > end - position) {
            throw truncated();
        }
        position += count;
    }

    /** Skips a field whose tag was just read. Groups (deprecated, never in remote write) are refused. */
    void skipField(int tag) throws InvalidProtocolBufferException {
        switch (tag & 7) {
            case VARINT -> readVarint64();
            case FIXED64 -> skip(8);
            case LENGTH_DELIMITED -> skip(readVarint32());
            case FIXED32 -> skip(4);
            default -> throw new InvalidProtocolBufferException("field " + (tag >>> 3) + " has the unsupported wire type " + (tag & 7));
        }
    }

    private static InvalidProtocolBufferException truncated() {
        return new InvalidProtocolBufferException("a field runs past the end of its message (truncated body or wrong length)");
    }
}

package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireReaderTest {

    private static WireReader reader(byte[] bytes) {
        return new WireReader(bytes, 0, bytes.length);
    }

    @Test
    void readsVarintsDoublesAndNestedMessagesAsProtobufWritesThem() throws Exception {
        byte[] bytes = new Wire().int64(2, -5).doubleField(1, 2.5).uint64(3, Long.MAX_VALUE)
                .message(4, new Wire().string(1, "job")).int64(5, 7).toBytes();
        WireReader in = reader(bytes);
        assertEquals(2 << 3 | WireReader.VARINT, in.readTag());
        assertEquals(-5, in.readVarint64());
        assertEquals(1 << 3 | WireReader.FIXED64, in.readTag());
        assertEquals(2.5, in.readDouble());
        assertEquals(3 << 3 | WireReader.VARINT, in.readTag());
        assertEquals(Long.MAX_VALUE, in.readVarint64());
        assertEquals(4 << 3 | WireReader.LENGTH_DELIMITED, in.readTag());
        int outer = in.enter();
        assertEquals(1 << 3 | WireReader.LENGTH_DELIMITED, in.readTag());
        assertEquals(3, in.readVarint32());
        assertEquals("job", new String(bytes, in.position(), 3));
        in.skip(3);
        assertEquals(0, in.readTag(), "the nested message ends at its length");
        in.leave(outer);
        assertEquals(5 << 3 | WireReader.VARINT, in.readTag());
        assertEquals(7, in.readVarint32());
        assertEquals(0, in.readTag());
    }

    @Test
    void leavingANestedMessageSkipsWhatWasNotRead() throws Exception {
        WireReader in = reader(new Wire().message(1, new Wire().int64(1, 1).int64(2, 2)).int64(2, 9).toBytes());
        in.readTag();
        int outer = in.enter();
        in.readTag();
        in.leave(outer);
        assertEquals(2 << 3 | WireReader.VARINT, in.readTag());
        assertEquals(9, in.readVarint64());
    }

    @Test
    void skipsUnknownFieldsOfEveryWireTypeButGroups() throws Exception {
        byte[] bytes = new Wire().int64(9, 300).doubleField(10, 1).string(11, "xyz").uint32(1, 1).toBytes();
        byte[] withFixed32 = concat(bytes, new byte[] {(byte) (12 << 3 | WireReader.FIXED32), 1, 2, 3, 4});
        WireReader in = reader(withFixed32);
        int tag;
        int read = 0;
        while ((tag = in.readTag()) != 0) {
            if (tag == (1 << 3 | WireReader.VARINT)) {
                assertEquals(1, in.readVarint32());
            } else {
                in.skipField(tag);
            }
            read++;
        }
        assertEquals(5, read);
        InvalidProtocolBufferException group = assertThrows(InvalidProtocolBufferException.class,
                () -> reader(new byte[] {(byte) (1 << 3 | 3)}).skipField(1 << 3 | 3));
        assertTrue(group.getMessage().contains("wire type 3"), group.getMessage());
    }

    @Test
    void everyTruncationFailsCleanlyInsteadOfReadingPastTheEnd() {
        byte[] whole = new Wire().message(1, new Wire().string(1, "instance").doubleField(2, 1.5).int64(3, 1L << 40)).toBytes();
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThrows(InvalidProtocolBufferException.class, () -> {
                WireReader in = reader(part);
                in.readTag();
                int outer = in.enter();
                while (true) {
                    int tag = in.readTag();
                    if (tag == 0) {
                        break;
                    }
                    switch (tag & 7) {
                        case WireReader.FIXED64 -> in.readDouble();
                        case WireReader.VARINT -> in.readVarint64();
                        default -> in.skipField(tag);
                    }
                }
                in.leave(outer);
            }, "cut at " + cut);
        }
    }

    @Test
    void refusesFieldNumberZeroAndOverlongVarints() {
        assertThrows(InvalidProtocolBufferException.class, () -> reader(new byte[] {0}).readTag());
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0x80);
        assertThrows(InvalidProtocolBufferException.class, () -> reader(eleven).readVarint64());
    }

    @Test
    void aNegativeOrOversizedLengthIsRefused() {
        byte[] negative = {(byte) (1 << 3 | WireReader.LENGTH_DELIMITED), (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        WireReader in = reader(negative);
        assertThrows(InvalidProtocolBufferException.class, () -> {
            in.readTag();
            in.enter();
        });
        byte[] oversized = {(byte) (1 << 3 | WireReader.LENGTH_DELIMITED), 5, 1, 2};
        WireReader other = reader(oversized);
        assertThrows(InvalidProtocolBufferException.class, () -> {
            other.readTag();
            other.enter();
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

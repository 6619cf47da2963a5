package io.hearth.plugins.remotewrite;

import com.google.protobuf.CodedOutputStream;
import io.hearth.spi.ingest.IngestRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Builds protobuf messages field by field for tests: each call appends one field, so a test reads
 * as the message it encodes.
 */
final class Wire {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Wire string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    Wire message(int field, Wire message) {
        return write(() -> out.writeByteArray(field, message.toBytes()));
    }

    Wire doubleField(int field, double value) {
        return write(() -> out.writeDouble(field, value));
    }

    Wire int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    Wire uint64(int field, long value) {
        return write(() -> out.writeUInt64(field, value));
    }

    Wire sint32(int field, int value) {
        return write(() -> out.writeSInt32(field, value));
    }

    Wire uint32(int field, int value) {
        return write(() -> out.writeUInt32(field, value));
    }

    Wire enumField(int field, int value) {
        return write(() -> out.writeEnum(field, value));
    }

    Wire packedUInt32(int field, int... values) {
        Wire packed = new Wire();
        for (int v : values) {
            packed.write(() -> packed.out.writeUInt32NoTag(v));
        }
        return write(() -> out.writeByteArray(field, packed.toBytes()));
    }

    Wire packedSInt64(int field, long... values) {
        Wire packed = new Wire();
        for (long v : values) {
            packed.write(() -> packed.out.writeSInt64NoTag(v));
        }
        return write(() -> out.writeByteArray(field, packed.toBytes()));
    }

    Wire packedDouble(int field, double... values) {
        Wire packed = new Wire();
        for (double v : values) {
            packed.write(() -> packed.out.writeDoubleNoTag(v));
        }
        return write(() -> out.writeByteArray(field, packed.toBytes()));
    }

    byte[] toBytes() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    byte[] snappy() {
        try {
            return Snappy.compress(toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IngestRequest request(String contentType, String encoding, byte[] body) {
        return new IngestRequest("remote_write", Map.of("content-type", List.of(contentType),
                "content-encoding", List.of(encoding), "x-prometheus-remote-write-version", List.of("0.1.0")), body);
    }

    private interface Io {
        void run() throws IOException;
    }

    private Wire write(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}

package io.hearth.plugins.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.hearth.spi.ingest.WriteSink;
import java.io.IOException;

/** The Sample message, the same in remote write 1.0 and 2.0: {1: double value, 2: int64 timestamp}. */
final class WireSample {

    private WireSample() {
    }

    /** Reads one length-prefixed Sample and hands it to the sink. */
    static void read(CodedInputStream in, WriteSink sink) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        double value = 0;
        long timestamp = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> value = in.readDouble();
                case 2 -> timestamp = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        sink.sample(timestamp, value);
    }
}

package io.hearth.plugins.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.hearth.spi.ingest.NativeHistogram;
import java.io.IOException;
import java.util.Arrays;

/**
 * The Histogram message, which remote write 1.0 and 2.0 share field for field: integer counts
 * with bucket deltas (fields 1, 6, 9, 12) or float counts (2, 7, 10, 13), spans as (sint32 offset,
 * uint32 length) messages.
 */
final class WireHistogram {

    private WireHistogram() {
    }

    /** Reads one Histogram message whose length prefix has been consumed and pushed as a limit. */
    static NativeHistogram read(CodedInputStream in) throws IOException {
        boolean floats = false;
        double count = 0;
        double sum = 0;
        int schema = 0;
        double zeroThreshold = 0;
        double zeroCount = 0;
        IntList negativeSpans = new IntList();
        IntList positiveSpans = new IntList();
        LongList negativeDeltas = new LongList();
        LongList positiveDeltas = new LongList();
        DoubleList negativeCounts = new DoubleList();
        DoubleList positiveCounts = new DoubleList();
        DoubleList customValues = new DoubleList();
        int resetHint = 0;
        long timestamp = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> count = in.readUInt64();
                case 2 -> {
                    floats = true;
                    count = in.readDouble();
                }
                case 3 -> sum = in.readDouble();
                case 4 -> schema = in.readSInt32();
                case 5 -> zeroThreshold = in.readDouble();
                case 6 -> zeroCount = in.readUInt64();
                case 7 -> {
                    floats = true;
                    zeroCount = in.readDouble();
                }
                case 8 -> readSpan(in, negativeSpans);
                case 9 -> readSInt64s(in, tag, negativeDeltas);
                case 10 -> readDoubles(in, tag, negativeCounts);
                case 11 -> readSpan(in, positiveSpans);
                case 12 -> readSInt64s(in, tag, positiveDeltas);
                case 13 -> readDoubles(in, tag, positiveCounts);
                case 14 -> resetHint = in.readEnum();
                case 15 -> timestamp = in.readInt64();
                case 16 -> readDoubles(in, tag, customValues);
                default -> in.skipField(tag);
            }
        }
        if (!positiveCounts.isEmpty() || !negativeCounts.isEmpty()) {
            floats = true;
        }
        return new NativeHistogram(timestamp, floats, count, sum, schema, zeroThreshold, zeroCount,
                positiveSpans.toArray(), positiveDeltas.toArray(), positiveCounts.toArray(),
                negativeSpans.toArray(), negativeDeltas.toArray(), negativeCounts.toArray(), resetHint,
                customValues.toArray());
    }

    private static void readSpan(CodedInputStream in, IntList spans) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        int offset = 0;
        int length = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> offset = in.readSInt32();
                case 2 -> length = in.readUInt32();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        spans.add(offset);
        spans.add(length);
    }

    private static void readSInt64s(CodedInputStream in, int tag, LongList out) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readSInt64());
            }
            in.popLimit(limit);
        } else {
            out.add(in.readSInt64());
        }
    }

    private static void readDoubles(CodedInputStream in, int tag, DoubleList out) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readDouble());
            }
            in.popLimit(limit);
        } else {
            out.add(in.readDouble());
        }
    }

    /** Growable primitive arrays: a histogram has a handful of buckets, so no boxing. */
    static final class IntList {
        private int[] values = new int[8];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static final class DoubleList {
        private double[] values = new double[16];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        boolean isEmpty() {
            return size == 0;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}

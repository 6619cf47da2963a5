package io.hearth.conformance;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Remote-write bodies built field by field, for tests that need exact payloads. */
final class RemoteWriteBodies {

    private RemoteWriteBodies() {
    }

    /** A snappy-compressed remote write 1.0 request with one sample per series. */
    static byte[] v1(long timestamp, double value, String[]... series) {
        return snappy(out -> {
            for (String[] labels : series) {
                byte[] ts = message(ts1 -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        String name = labels[i];
                        String labelValue = labels[i + 1];
                        ts1.writeByteArray(1, message(l -> {
                            l.writeString(1, name);
                            l.writeString(2, labelValue);
                        }));
                    }
                    ts1.writeByteArray(2, message(s -> {
                        s.writeDouble(1, value);
                        s.writeInt64(2, timestamp);
                    }));
                });
                out.writeByteArray(1, ts);
            }
        });
    }

    /**
     * A snappy-compressed remote write 1.0 request with one integer native histogram with custom
     * buckets (schema -53), as Prometheus sends a classic histogram converted to NHCB: one span
     * from bucket 0 over {@code deltas.length} buckets, counts as deltas, the bounds in
     * {@code custom_values}.
     */
    static byte[] v1CustomBuckets(long timestamp, String name, long count, double sum, long[] deltas, double... bounds) {
        return snappy(out -> out.writeByteArray(1, message(ts -> {
            ts.writeByteArray(1, message(l -> {
                l.writeString(1, "__name__");
                l.writeString(2, name);
            }));
            ts.writeByteArray(4, message(h -> {
                h.writeUInt64(1, count);
                h.writeDouble(3, sum);
                h.writeSInt32(4, -53);
                h.writeByteArray(11, message(span -> {
                    span.writeSInt32(1, 0);
                    span.writeUInt32(2, deltas.length);
                }));
                h.writeByteArray(12, message(packed -> {
                    for (long d : deltas) {
                        packed.writeSInt64NoTag(d);
                    }
                }));
                h.writeByteArray(16, message(packed -> {
                    for (double b : bounds) {
                        packed.writeDoubleNoTag(b);
                    }
                }));
                h.writeInt64(15, timestamp);
            }));
        })));
    }

    /** A snappy-compressed remote write 2.0 request with one series of the given labels and one sample. */
    static byte[] v2(long timestamp, double value, String... labels) {
        return snappy(out -> {
            out.writeString(4, "");
            for (String symbol : labels) {
                out.writeString(4, symbol);
            }
            out.writeByteArray(5, message(ts -> {
                ByteArrayOutputStream refs = new ByteArrayOutputStream();
                CodedOutputStream packed = CodedOutputStream.newInstance(refs);
                for (int i = 0; i < labels.length; i++) {
                    packed.writeUInt32NoTag(i + 1);
                }
                packed.flush();
                ts.writeByteArray(1, refs.toByteArray());
                ts.writeByteArray(2, message(s -> {
                    s.writeDouble(1, value);
                    s.writeInt64(2, timestamp);
                }));
            }));
        });
    }

    interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] snappy(Fields fields) {
        try {
            return Snappy.compress(message(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

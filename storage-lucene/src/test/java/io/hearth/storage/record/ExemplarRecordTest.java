package io.hearth.storage.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.storage.testing.Seeded;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class ExemplarRecordTest {

    @Test
    void exemplarsRoundTripWithTheirLabelsValueBitsAndTimestampFlag(Random rnd) throws Exception {
        ExemplarBatch batch = new ExemplarBatch();
        long[] values = {0, Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Double.NaN), 0x7ff0000000000002L,
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(1.5)};
        int n = 1 + rnd.nextInt(200);
        for (int i = 0; i < n; i++) {
            String[] labels = switch (rnd.nextInt(3)) {
                case 0 -> new String[0];
                case 1 -> new String[] {"trace_id", Long.toHexString(rnd.nextLong())};
                default -> new String[] {"span_id", "é😀" + i, "trace_id", "t" + i};
            };
            batch.add(rnd.nextInt(100_000), rnd.nextLong() >> rnd.nextInt(64), values[rnd.nextInt(values.length)],
                    rnd.nextBoolean(), labels);
        }
        ByteBuffer record = new RecordEncoder().exemplars(batch, 0, n);
        assertEquals(RecordType.EXEMPLARS, RecordType.of(record));
        ExemplarBatch decoded = new ExemplarBatch();
        new RecordDecoder().exemplars(record, decoded);
        assertEquals(n, decoded.size());
        for (int i = 0; i < n; i++) {
            assertEquals(batch.ref(i), decoded.ref(i));
            assertEquals(batch.timestamp(i), decoded.timestamp(i));
            assertEquals(batch.valueBits(i), decoded.valueBits(i));
            assertEquals(batch.hasTimestamp(i), decoded.hasTimestamp(i));
            assertArrayEquals(batch.labels(i), decoded.labels(i));
        }
    }

    @Test
    void anEmptyRecordDecodesToNothing() throws Exception {
        ExemplarBatch decoded = new ExemplarBatch();
        new RecordDecoder().exemplars(new RecordEncoder().exemplars(new ExemplarBatch(), 0, 0), decoded);
        assertEquals(0, decoded.size());
    }

    @Test
    void truncatedExtendedOrFlaggedRecordsAreCorrupt() {
        ExemplarBatch batch = new ExemplarBatch().add(7, 1000, 42, true, new String[] {"trace_id", "abc"});
        ByteBuffer record = new RecordEncoder().exemplars(batch, 0, 1);
        byte[] bytes = Arrays.copyOf(record.array(), record.remaining());
        for (int cut = 1; cut < bytes.length; cut++) {
            ByteBuffer torn = ByteBuffer.wrap(Arrays.copyOf(bytes, cut));
            assertThrows(CorruptRecordException.class, () -> new RecordDecoder().exemplars(torn, new ExemplarBatch()),
                    "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(CorruptRecordException.class,
                () -> new RecordDecoder().exemplars(ByteBuffer.wrap(longer), new ExemplarBatch()));
        int flagsAt = 1 + 1 + 1 + 2 + 1 + 1; // type, count, baseRef, baseT (two bytes for 1000), dRef, dT
        byte[] flagged = bytes.clone();
        assertEquals(1, flagged[flagsAt]);
        flagged[flagsAt] = 2;
        byte[] badFlags = flagged;
        assertThrows(CorruptRecordException.class,
                () -> new RecordDecoder().exemplars(ByteBuffer.wrap(badFlags), new ExemplarBatch()));
        // unsorted labels are corrupt too
        ExemplarBatch unsorted = new ExemplarBatch();
        assertThrows(IllegalArgumentException.class, () -> unsorted.add(1, 1, 1, true, new String[] {"b", "1", "a", "2"}));
    }
}

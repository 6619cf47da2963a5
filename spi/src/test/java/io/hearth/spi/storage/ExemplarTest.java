package io.hearth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExemplarTest {

    @Test
    void labelRunesCountCodePointsOfNamesAndValues() {
        assertEquals(0, new Exemplar(Labels.EMPTY, 1, 2, true).labelRunes());
        assertEquals("trace_id".length() + 4, new Exemplar(Labels.of("trace_id", "abcd"), 1, 2, true).labelRunes());
        // two code points, one of them a surrogate pair, plus the name
        assertEquals(1 + 2, new Exemplar(Labels.of("t", "é\uD83D\uDE00"), 1, 2, true).labelRunes());
    }

    @Test
    void equalityIsByLabelsValueBitsAndTimestamp() {
        Exemplar a = new Exemplar(Labels.of("trace_id", "x"), Double.NaN, 5, true);
        assertEquals(a, new Exemplar(Labels.of("trace_id", "x"), Double.NaN, 5, false));
        assertEquals(a.hashCode(), new Exemplar(Labels.of("trace_id", "x"), Double.NaN, 5, true).hashCode());
        assertNotEquals(a, new Exemplar(Labels.of("trace_id", "x"), 1, 5, true));
        assertNotEquals(a, new Exemplar(Labels.of("trace_id", "y"), Double.NaN, 5, true));
        assertNotEquals(a, new Exemplar(Labels.of("trace_id", "x"), Double.NaN, 6, true));
        assertThrows(IllegalArgumentException.class, () -> new Exemplar(null, 1, 1, true));
    }

    @Test
    void rejectionsNameSeriesExemplarAndReason() {
        Labels series = Labels.of("__name__", "up");
        Exemplar e = new Exemplar(Labels.of("trace_id", "x"), 1, 10, true);
        String ooo = new ExemplarRejection(series, e, 20, AppendResult.OUT_OF_ORDER).message();
        assertTrue(ooo.contains("out of order") && ooo.contains("{__name__=\"up\"}") && ooo.contains("20"), ooo);
        String tooLong = new ExemplarRejection(series, e, Long.MIN_VALUE, AppendResult.EXEMPLAR_LABELS_TOO_LONG).message();
        assertTrue(tooLong.contains("maximum of 128"), tooLong);
        assertThrows(IllegalArgumentException.class, () -> new ExemplarRejection(series, e, 0, AppendResult.DUPLICATE));
        assertThrows(IllegalArgumentException.class, () -> new ExemplarSeries(series, List.of()));
    }

    @Test
    void engineWithoutExemplarsRefusesAndFindsNone() {
        Appender appender = new Appender() {
            @Override
            public AppendResult append(Labels s, long t, double v) {
                return AppendResult.ACCEPTED;
            }

            @Override
            public AppendResult appendHistogram(Labels s, long t, FloatHistogram h) {
                return AppendResult.ACCEPTED;
            }

            @Override
            public void commit() {
            }

            @Override
            public void rollback() {
            }

            @Override
            public List<Rejection> rejections() {
                return List.of();
            }
        };
        assertEquals(AppendResult.UNSUPPORTED, appender.appendExemplar(Labels.of("a", "b"), new Exemplar(Labels.EMPTY, 1, 1, true)));
        assertTrue(appender.exemplarRejections().isEmpty());
    }
}

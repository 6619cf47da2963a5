package io.hearth.storage.head;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link HeadCrashTest}: opens the head in {@code args[0]}, continues after the
 * last batch it finds, and appends batches until killed, printing {@code ack <batch>} after each
 * commit returns. Batch {@code b} writes {@code value(b, i)} at {@code b * 1000} to series {@code i}.
 */
public final class CrashChild {

    static final int SERIES = 50;

    static Labels series(int i) {
        return Labels.of("__name__", "crash_test", "i", Integer.toString(i));
    }

    static double value(long batch, int i) {
        return batch * 100.0 + i;
    }

    public static void main(String[] args) throws Exception {
        Head head = Head.open(Path.of(args[0]), HeadOptions.defaults());
        long next = 0;
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                while (it.next() != io.hearth.spi.storage.ValueType.NONE) {
                    next = Math.max(next, it.timestamp() / 1000 + 1);
                }
            }
        }
        System.out.println("start " + next);
        System.out.flush();
        for (long b = next; ; b++) {
            Appender app = head.appender();
            for (int i = 0; i < SERIES; i++) {
                app.append(series(i), b * 1000, value(b, i));
            }
            app.commit();
            System.out.println("ack " + b);
            System.out.flush();
        }
    }
}

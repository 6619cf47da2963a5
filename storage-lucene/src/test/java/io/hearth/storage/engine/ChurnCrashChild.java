package io.hearth.storage.engine;

import static io.hearth.storage.engine.BlockLifecycleTest.RANGE;
import static io.hearth.storage.engine.BlockLifecycleTest.T0;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.wal.WalOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link SeriesChurnCrashTest}: opens the workspace store in {@code args[0]},
 * continues after the last batch it finds, and appends batches until killed, printing
 * {@code ack <batch>} after each commit returns. Batch {@code b} writes {@code value(b, i)} at
 * {@code T0 + b * 1000} to the series {@code i} that are {@link #on} in it; every third batch
 * flushes the store between buffering and committing, so series are removed from the head, left
 * out of WAL checkpoints, and created again by the very commit that looked them up before.
 */
public final class ChurnCrashChild {

    static final int SERIES = 10;

    static Labels series(int i) {
        return Labels.of("__name__", "churn_crash", "i", Integer.toString(i));
    }

    /** Each series is written for 4 batches, then left alone for 4. */
    static boolean on(long batch, int i) {
        return (batch / 4 + i) % 2 == 0;
    }

    static double value(long batch, int i) {
        return batch * 100.0 + i;
    }

    static LuceneStorageEngine engine() {
        return new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), new AtomicLong(T0)::get);
    }

    public static void main(String[] args) throws Exception {
        LuceneStorageEngine engine = engine();
        LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) engine.open("ws", Path.of(args[0]), StorageOptions.defaults());
        long next = 0;
        try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                while (it.next() != ValueType.NONE) {
                    next = Math.max(next, (it.timestamp() - T0) / 1000 + 1);
                }
            }
        }
        System.out.println("start " + next);
        System.out.flush();
        for (long b = next; ; b++) {
            Appender app = s.appender();
            for (int i = 0; i < SERIES; i++) {
                if (on(b, i)) {
                    app.append(series(i), T0 + b * 1000, value(b, i));
                }
            }
            if (b % 3 == 0) {
                s.flush();
            }
            app.commit();
            if (!app.rejections().isEmpty()) {
                throw new IllegalStateException("batch " + b + " refused: " + app.rejections());
            }
            System.out.println("ack " + b);
            System.out.flush();
        }
    }
}

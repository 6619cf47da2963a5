package io.hearth.storage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageEngineFactory;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneStorageEngineTest {

    private static StorageEngine engine(Path dataDir) {
        return engine(dataDir, Map.of("postings-overlay-limit", "10"));
    }

    private static StorageEngine engine(Path dataDir, Map<String, String> properties) {
        StorageEngineFactory factory = ServiceLoader.load(HearthPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .flatMap(p -> p.storageEngineFactories().stream())
                .filter(f -> f.name().equals("lucene"))
                .findFirst().orElseThrow();
        IdentityDirectory identities = IdentityDirectory.EMPTY;
        return factory.create(new PluginContext(dataDir, "us-east-1", "123456789012",
                properties, identities));
    }

    @Test
    void oneStorePerWorkspaceDirectoryFoundThroughServiceLoader(@TempDir Path data) throws IOException {
        try (StorageEngine engine = engine(data)) {
            Path a = data.resolve("ws-a");
            Path b = data.resolve("ws-b");
            WorkspaceStorage sa = engine.open("ws-a", a, StorageOptions.defaults());
            WorkspaceStorage sb = engine.open("ws-b", b, new StorageOptions(60_000));
            assertThrows(IOException.class, () -> engine.open("ws-a", a, StorageOptions.defaults()));

            Appender app = sa.appender();
            app.append(Labels.of("__name__", "up"), 1000, 1);
            app.commit();
            assertEquals(1, sa.stats().series());
            assertEquals(0, sb.stats().series());
            try (Querier q = sa.querier(0, 2000)) {
                SeriesSet set = q.select(0, 2000, List.of(LabelMatcher.equal("__name__", "up")));
                assertTrue(set.next());
                assertFalse(set.next());
            }
            sa.close();
            sb.close();
            assertThrows(IllegalStateException.class, () -> sa.querier(0, 1));

            try (WorkspaceStorage again = engine.open("ws-a", a, StorageOptions.defaults())) {
                assertEquals(1, again.stats().headSamples());
            }
            engine.delete("ws-a", a);
            assertFalse(Files.exists(a));
            engine.delete("ws-a", a); // missing is fine
        }
    }

    @Test
    void aWalForceIntervalDefersCommitsForcesToATimer(@TempDir Path data) throws Exception {
        try (StorageEngine engine = engine(data, Map.of("wal-force-interval-ms", "1000"))) {
            LuceneWorkspaceStorage store = (LuceneWorkspaceStorage) engine.open("ws", data.resolve("ws"), StorageOptions.defaults());
            long before = store.head().walForceCount();
            Appender app = store.appender();
            app.append(Labels.of("__name__", "up"), 1000, 1);
            app.commit(); // well within a second of opening: written, not forced; only the timer forces it
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.head().walForceCount() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(store.head().walForceCount() > before, "the timer forced the commit's records");
            store.close();
        }
    }

    @Test
    void aNegativeWalForceIntervalIsRefused(@TempDir Path data) {
        assertThrows(IllegalArgumentException.class, () -> engine(data, Map.of("wal-force-interval-ms", "-1")));
    }
}

package io.hearth.conformance.bench;

import io.hearth.conformance.HearthProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's VictoriaMetrics (single node, {@code /usr/bin/victoria-metrics}): 100 years' retention,
 * its query result cache off and no latency offset, so repeated queries are computed each time and
 * see the newest samples, as on the other systems.
 */
final class VictoriaMetricsReceiver implements Receiver {

    private final Process process;
    private final Path storage;
    private final String base;

    private VictoriaMetricsReceiver(Process process, Path storage, String base) {
        this.process = process;
        this.storage = storage;
        this.base = base;
    }

    static VictoriaMetricsReceiver start(Path directory) {
        try {
            Files.createDirectories(directory);
            int port = HearthProcess.freePort();
            Path storage = directory.resolve("storage");
            Process process = new ProcessBuilder("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port,
                    "-storageDataPath=" + storage, "-retentionPeriod=100y", "-search.disableCache",
                    "-search.latencyOffset=0s")
                    .redirectErrorStream(true).redirectOutput(directory.resolve("victoria-metrics.log").toFile()).start();
            VictoriaMetricsReceiver vm = new VictoriaMetricsReceiver(process, storage, "http://127.0.0.1:" + port);
            try {
                ApiClient.awaitUp(vm.base + "/health", Duration.ofSeconds(60));
            } catch (RuntimeException | InterruptedException e) {
                vm.close();
                throw new IllegalStateException("victoria-metrics did not start", e);
            }
            return vm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "victoriametrics";
    }

    @Override
    public String remoteWriteUrl() {
        return base + "/api/v1/write";
    }

    @Override
    public String apiBase() {
        return base + "/api/v1";
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Recent rows are buffered for about a second before they are searchable: flush them now. */
    @Override
    public void makeQueryable() {
        ApiClient.text(base + "/internal/force_flush");
    }

    /** Flushes, then waits (up to 2 minutes) until no merge has run for 3 s. */
    @Override
    public void settle() {
        makeQueryable();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (int quiet = 0; quiet < 3 && System.nanoTime() < deadline; ) {
            sleep(1_000);
            quiet = activeMerges() == 0 ? quiet + 1 : 0;
        }
    }

    @Override
    public Measure heap() {
        return new Measure((long) ApiClient.metric(ApiClient.text(base + "/metrics"), "go_memstats_heap_inuse_bytes"),
                "go_memstats_heap_inuse_bytes (caches included, no forced GC)");
    }

    /** Flushes buffered rows, forces a merge of every partition and waits until no merge runs. */
    @Override
    public List<Measure> persist() {
        makeQueryable();
        ApiClient.text(base + "/internal/force_merge");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int quiet = 0;
        long last = -1;
        while (quiet < 3 && System.nanoTime() < deadline) {
            sleep(1_000);
            long bytes = ProcessProbe.bytesOnDisk(storage, null);
            quiet = activeMerges() == 0 && bytes == last ? quiet + 1 : 0;
            last = bytes;
        }
        return List.of(new Measure(ProcessProbe.bytesOnDisk(storage, null),
                "storage dir after force_flush and force_merge (data + indexdb)"));
    }

    private double activeMerges() {
        return ApiClient.metricSum(ApiClient.text(base + "/metrics"), "vm_active_merges", "");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.hearth.conformance.bench;

import io.hearth.conformance.PrometheusProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Prometheus 2.42 as a remote-write receiver ({@link PrometheusProcess#receiver}). */
final class PrometheusReceiver implements Receiver {

    private final PrometheusProcess process;

    private PrometheusReceiver(PrometheusProcess process) {
        this.process = process;
    }

    static PrometheusReceiver start(Path directory) {
        return new PrometheusReceiver(PrometheusProcess.receiver(directory));
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public String remoteWriteUrl() {
        return process.baseUrl() + "/api/v1/write";
    }

    @Override
    public String apiBase() {
        return process.api();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /**
     * Waits (up to 3 minutes) until the head spans at most 1.5 block ranges (3 h), which is when
     * Prometheus stops compacting it into blocks.
     */
    @Override
    public void settle() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String metrics = ApiClient.text(process.baseUrl() + "/metrics");
            double span = ApiClient.metric(metrics, "prometheus_tsdb_head_max_time")
                    - ApiClient.metric(metrics, "prometheus_tsdb_head_min_time");
            if (span <= 3 * 3_600_000) {
                return;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public Measure heap() {
        return new Measure((long) ApiClient.metric(ApiClient.text(process.baseUrl() + "/metrics"),
                "go_memstats_heap_inuse_bytes"), "go_memstats_heap_inuse_bytes (no forced GC)");
    }

    /**
     * A TSDB snapshot with its head: the admin API writes the head out as a block beside hard links
     * to the blocks already cut, so the snapshot directory is everything in block form. Also
     * reported: the TSDB directory as it runs (blocks, WAL, memory-mapped head chunks).
     */
    @Override
    public List<Measure> persist() {
        Path tsdb = process.tsdb();
        Path snapshots = tsdb.resolve("snapshots");
        long running = ProcessProbe.bytesOnDisk(tsdb, snapshots);
        HttpResponse<String> snapshot = ApiClient.post(process.api() + "/admin/tsdb/snapshot?skip_head=false", "");
        if (snapshot.statusCode() != 200) {
            throw new IllegalStateException("snapshot answered " + snapshot.statusCode() + ": " + snapshot.body());
        }
        String name = snapshot.body().replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
        return List.of(new Measure(ProcessProbe.bytesOnDisk(snapshots.resolve(name), null),
                        "blocks: a snapshot with the head compacted into a block"),
                new Measure(running, "TSDB dir as it runs: blocks + WAL + head chunks"));
    }

    @Override
    public void close() {
        process.close();
    }
}

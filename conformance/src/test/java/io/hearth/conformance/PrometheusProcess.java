package io.hearth.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus, either scraping itself every second and remote-writing everything to a URL
 * (the real sender of the write-path and differential tests), or as a remote-write receiver (the
 * peer of the benches in {@code io.hearth.conformance.bench}).
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final Path directory;
    private final Path log;
    private final int port;

    private PrometheusProcess(Process process, Path directory, Path log, int port) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.port = port;
    }

    static PrometheusProcess start(Path directory, String remoteWriteUrl) {
        int port = HearthProcess.freePort();
        return start(directory, port, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: self
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: %s
                    queue_config:
                      batch_send_deadline: 1s
                    metadata_config:
                      send_interval: 1s
                """.formatted(port, remoteWriteUrl));
    }

    /**
     * Starts a Prometheus that scrapes nothing, takes remote writes at {@code /api/v1/write}, keeps
     * everything (100 years' retention) and serves the admin API (snapshots), then waits until it
     * is ready.
     */
    public static PrometheusProcess receiver(Path directory) {
        PrometheusProcess prometheus = start(directory, HearthProcess.freePort(), "global:\n  scrape_interval: 1m\n",
                "--web.enable-remote-write-receiver", "--web.enable-admin-api", "--storage.tsdb.retention.time=100y");
        prometheus.awaitReady(Duration.ofSeconds(60));
        return prometheus;
    }

    /** Starts Prometheus on {@code port} with a configuration of the caller's and extra flags; does not wait. */
    static PrometheusProcess start(Path directory, int port, String config, String... flags) {
        try {
            Files.createDirectories(directory);
            Path configFile = directory.resolve("prometheus.yml");
            Files.writeString(configFile, config);
            Path log = directory.resolve("prometheus.log");
            List<String> command = new ArrayList<>(List.of("prometheus", "--config.file=" + configFile,
                    "--storage.tsdb.path=" + directory.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port));
            command.addAll(List.of(flags));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new PrometheusProcess(process, directory, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited before it was ready:\n" + log());
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("prometheus was not ready within " + timeout + ":\n" + log());
    }

    /** @return e.g. {@code http://127.0.0.1:9090} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the base of its HTTP API, e.g. {@code http://127.0.0.1:9090/api/v1} */
    public String api() {
        return baseUrl() + "/api/v1";
    }

    /** @return its TSDB directory (blocks, {@code wal/}, {@code chunks_head/}, {@code snapshots/}) */
    public Path tsdb() {
        return directory.resolve("tsdb");
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.hearth.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus, scraping itself every second and remote-writing everything to a URL: the
 * real sender of the write-path and differential tests.
 */
final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private PrometheusProcess(Process process, Path log, int port) {
        this.process = process;
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

    /** Starts Prometheus on {@code port} with a configuration of the caller's and extra flags. */
    static PrometheusProcess start(Path directory, int port, String configYaml, String... flags) {
        try {
            Files.createDirectories(directory);
            Path config = directory.resolve("prometheus.yml");
            Files.writeString(config, configYaml);
            Path log = directory.resolve("prometheus.log");
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port));
            command.addAll(java.util.List.of(flags));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new PrometheusProcess(process, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base of its HTTP API, e.g. {@code http://127.0.0.1:9090/api/v1} */
    String api() {
        return "http://127.0.0.1:" + port + "/api/v1";
    }

    String log() {
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

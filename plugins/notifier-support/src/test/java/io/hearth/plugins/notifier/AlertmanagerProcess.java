package io.hearth.plugins.notifier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Alertmanager (Debian's {@code prometheus-alertmanager}) as a child process on a free
 * 127.0.0.1 port, clustering off, its data in a directory of the test's. Closing it kills it.
 */
public final class AlertmanagerProcess implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/prometheus-alertmanager"),
            Path.of("/usr/local/bin/alertmanager"), Path.of("/usr/bin/alertmanager"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI url;
    private final Path log;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AlertmanagerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * The binary, or the test is skipped when it is missing; under CI ({@code CI=true}, where
     * {@code .ci/run} installs it) a missing binary fails instead.
     */
    public static Path requireBinary() {
        Optional<Path> found = CANDIDATES.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no Alertmanager binary at " + CANDIDATES
                    + " (apt-get install -y prometheus-alertmanager)");
        }
        Assumptions.assumeTrue(found.isPresent(), "no Alertmanager binary (apt-get install -y prometheus-alertmanager)");
        return found.get();
    }

    /**
     * Starts Alertmanager and waits until it is ready.
     *
     * @param dir a directory for its configuration, storage and log
     * @param configYaml its configuration file
     */
    public static AlertmanagerProcess start(Path dir, String configYaml) throws IOException, InterruptedException {
        Path binary = requireBinary();
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), configYaml);
        Path storage = Files.createDirectories(dir.resolve("storage"));
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path log = dir.resolve("alertmanager-" + attempt + ".log");
            Process p = new ProcessBuilder(binary.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + storage,
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=",
                    "--log.level=debug")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            AlertmanagerProcess am = new AlertmanagerProcess(p, URI.create("http://127.0.0.1:" + port), log);
            try {
                am.awaitReady();
                return am;
            } catch (IOException e) {
                am.close();
                last = e;
            }
        }
        throw last;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("Alertmanager exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IOException("Alertmanager not ready within " + START_TIMEOUT + ":\n" + log());
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI url() {
        return url;
    }

    /** GETs a path of its API; @return the body, after checking the status is 200. */
    public String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** @return what it logged so far */
    public String log() {
        try (Stream<String> lines = Files.lines(log)) {
            return String.join("\n", lines.toList());
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}

package io.hearth.conformance.bench;

import io.hearth.conformance.HearthProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hearth from the unpacked distribution ({@link HearthProcess}), access control and the ingestion
 * rate limit off (the peers have neither), with one workspace that every request goes to.
 */
final class HearthReceiver implements Receiver {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HEAD_MIN = Pattern.compile("\"minTime\":(\\d+)");
    private static final Pattern HEAD_MAX = Pattern.compile("\"maxTime\":(\\d+)");

    private final HearthProcess process;
    private final Path dataDir;
    private final String workspace;
    private final String name;

    private HearthReceiver(HearthProcess process, Path dataDir, String workspace, String name) {
        this.process = process;
        this.dataDir = dataDir;
        this.workspace = workspace;
        this.name = name;
    }

    /**
     * Waits (up to 3 minutes) until the storage's first maintenance round has cut the loaded head
     * into blocks, as the Prometheus receiver waits for its head compaction: the round runs a minute
     * after the workspace opened and cuts while the head spans more than 1.5 block ranges (3 h). So
     * when the data spans more than that ({@code status/tsdb}'s head times), until the workspace
     * has a block; then until the server's CPU stays under a tenth of a core for a second, as a
     * round may cut several blocks. Otherwise the cut, seconds of a core, ran among the timed
     * queries of any run longer than about 40 s, and changed what the queries after it read.
     */
    @Override
    public void settle() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String tsdb = ApiClient.text(apiBase() + "/status/tsdb");
        Matcher min = HEAD_MIN.matcher(tsdb);
        Matcher max = HEAD_MAX.matcher(tsdb);
        boolean cuts = min.find() && max.find() && Long.parseLong(max.group(1)) - Long.parseLong(min.group(1)) > 3 * 3_600_000L;
        while (cuts && System.nanoTime() < deadline && blocks() == 0) {
            sleep(500);
        }
        double cpu = ProcessProbe.cpuSeconds(pid());
        while (System.nanoTime() < deadline) {
            sleep(1_000);
            double now = ProcessProbe.cpuSeconds(pid());
            if (now - cpu < 0.1) {
                return;
            }
            cpu = now;
        }
    }

    /** The workspace's blocks, from {@code hearth_workspace_blocks} in {@code /metrics}. */
    private long blocks() {
        return (long) ApiClient.metricSum(ApiClient.text(process.baseUrl() + "/metrics"), "hearth_workspace_blocks",
                "\"" + workspace + "\"");
    }

    /** Hearth as configured by default: every acknowledged write forced to disk first. */
    static HearthReceiver start(Path directory) {
        return start(directory, "hearth");
    }

    /**
     * Hearth with its write-ahead log forced at most once a second, Prometheus's durability:
     * acknowledged writes survive the process's death, not a power loss.
     */
    static HearthReceiver startWithWalForcedEverySecond(Path directory) {
        return start(directory, WAL_FORCED_EVERY_SECOND, "--hearth.storage.lucene.wal-force-interval-ms=1000");
    }

    /** The name of {@link #startWithWalForcedEverySecond}'s receiver. */
    static final String WAL_FORCED_EVERY_SECOND = "hearth-wal-1s";

    private static HearthReceiver start(Path directory, String name, String... args) {
        Path dataDir = directory.resolve("data");
        HearthProcess.Options options = HearthProcess.options().authDisabled()
                .arg("--hearth.ingest.max-future-millis=600000", "--hearth.ingest.max-samples-per-second=0").arg(args);
        String javaOpts = System.getenv("HEARTH_JAVA_OPTS");
        if (javaOpts != null) {
            options.env("HEARTH_JAVA_OPTS", javaOpts);
        }
        HearthProcess process = HearthProcess.start(dataDir, options);
        try {
            return new HearthReceiver(process, dataDir, createWorkspace(process.baseUrl()), name);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static String createWorkspace(String base) {
        HttpResponse<String> created = ApiClient.post(base + "/workspaces", "{}");
        if (created.statusCode() / 100 != 2) {
            throw new IllegalStateException("create workspace answered " + created.statusCode() + ": " + created.body());
        }
        String id = created.body().replaceAll(".*\"workspaceId\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 300; i++) {
            if (ApiClient.text(base + "/workspaces/" + id).contains("ACTIVE")) {
                return id;
            }
            sleep(100);
        }
        throw new IllegalStateException("workspace " + id + " did not become active");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String remoteWriteUrl() {
        return process.baseUrl() + "/workspaces/" + workspace + "/api/v1/remote_write";
    }

    @Override
    public String apiBase() {
        return process.baseUrl() + "/workspaces/" + workspace + "/api/v1";
    }

    @Override
    public long pid() {
        return process.process().pid();
    }

    /** JVM heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    @Override
    public Measure heap() {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        }
        return new Measure(Long.parseLong(m.group(1)) * 1024, "JVM heap used after a full GC");
    }

    /**
     * {@code POST /-/flush} (cuts the heads into blocks and truncates the log) where the server has
     * it; otherwise the workspace directory as it is: write-ahead log and scratch postings.
     */
    @Override
    public List<Measure> persist() {
        Path workspaceDir = dataDir.resolve("workspaces").resolve(workspace);
        long before = ProcessProbe.bytesOnDisk(workspaceDir, null);
        HttpResponse<String> flushed = ApiClient.post(process.baseUrl() + "/-/flush", "");
        if (flushed.statusCode() / 100 == 2) {
            return List.of(new Measure(ProcessProbe.bytesOnDisk(workspaceDir, null), "workspace dir after POST /-/flush"),
                    new Measure(before, "workspace dir before the flush (WAL + scratch postings)"));
        }
        return List.of(new Measure(before, "workspace dir: WAL + scratch postings (POST /-/flush answered "
                + flushed.statusCode() + ", so no blocks)"));
    }

    /**
     * Stops the server with SIGTERM first, so that a flight recording started through
     * {@code HEARTH_JAVA_OPTS=-XX:StartFlightRecording=filename=...} is written on exit; kills it if
     * it has not stopped within 120 s (a clean stop may first cut the head into blocks).
     */
    @Override
    public void close() {
        Process server = process.process();
        server.destroy();
        try {
            server.waitFor(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.close();
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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

package io.hearth.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The unpacked distribution's {@code bin/hearth}, run as a user runs it: a real process on a free
 * loopback port with its own data directory, output captured to a log file. Public for the benches
 * in {@code io.hearth.conformance.bench}, which start it the same way.
 */
public final class HearthProcess implements AutoCloseable {

    static final Path DIST = Path.of(System.getProperty("hearth.dist", "target/dist/hearth"));
    /** The root key pair every test server is started with. */
    static final String ROOT_KEY_ID = "AKIAHEARTHTESTROOT01";
    static final String ROOT_SECRET = "hearth-test-root-secret-not-for-production";

    private final Process process;
    private final Path log;
    private final int port;

    private HearthProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Builder-style options for a start. */
    public static final class Options {
        final List<String> args = new ArrayList<>();
        final Map<String, String> env = new HashMap<>();
        Path home = DIST;
        Integer port;
        Integer firstPort;
        boolean portFlag = true;

        public Options arg(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public Options env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Options home(Path distribution) {
            home = distribution;
            return this;
        }

        /** Switch access control off (hearth.auth.disabled), for tests of other concerns. */
        public Options authDisabled() {
            return arg("--hearth.auth.disabled=true");
        }

        /** Listen on this port, passed as --port. */
        Options port(int chosen) {
            port = chosen;
            return this;
        }

        /** Try this port first, as if {@link #freePort} had picked it: {@link #start} moves on if it is taken. */
        Options firstPort(int candidate) {
            firstPort = candidate;
            return this;
        }

        /** Expect this port, but pass no --port: it must come from the environment or the configuration file. */
        Options portFromElsewhere(int expected) {
            port = expected;
            portFlag = false;
            return this;
        }
    }

    public static Options options() {
        return new Options();
    }

    /** How many times {@link #start} picks another free port when the one it picked was taken. */
    private static final int PORT_ATTEMPTS = 3;

    /**
     * Starts the server with its data in {@code dataDir} and waits until it is ready. A port picked
     * by {@link #freePort} is free only when picked: another process can take it before the
     * server binds it, and the server then exits saying so. That start is repeated on another
     * port, its output kept in the same log; any other failure fails at once.
     */
    public static HearthProcess start(Path dataDir, Options options) {
        Path log = null;
        for (int attempt = 1; ; attempt++) {
            HearthProcess process = launch(dataDir, options, log);
            try {
                process.awaitReady(Duration.ofSeconds(60));
                return process;
            } catch (AssertionError e) {
                if (options.port != null || attempt == PORT_ATTEMPTS || !process.lostItsPort()) {
                    throw e;
                }
                System.out.println("HearthProcess: port " + process.port + " was taken before the server listened;"
                        + " starting again on another port");
                log = process.log;
            }
        }
    }

    /** Whether it exited because its port was taken when it came to listen. */
    private boolean lostItsPort() {
        return !process.isAlive() && log().contains("could not listen on 127.0.0.1:" + port + " ");
    }

    /** Starts the server without waiting. */
    static HearthProcess launch(Path dataDir, Options options) {
        return launch(dataDir, options, null);
    }

    private static HearthProcess launch(Path dataDir, Options options, Path appendTo) {
        try {
            int port = options.port != null ? options.port
                    : options.firstPort != null && appendTo == null ? options.firstPort : freePort();
            List<String> command = new ArrayList<>();
            command.add(options.home.resolve("bin/hearth").toString());
            if (options.portFlag) {
                command.add("--port");
                command.add(Integer.toString(port));
            }
            command.add("--host");
            command.add("127.0.0.1");
            command.add("--data-dir");
            command.add(dataDir.toString());
            command.addAll(options.args);
            Files.createDirectories(dataDir);
            Path log = appendTo != null ? appendTo : Files.createTempFile(dataDir.getParent(), "hearth-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("HEARTH_"));
            builder.environment().put("HEARTH_ROOT_ACCESS_KEY_ID", ROOT_KEY_ID);
            builder.environment().put("HEARTH_ROOT_SECRET_ACCESS_KEY", ROOT_SECRET);
            builder.environment().put("HEARTH_AUTH_MASTER_KEY_FILE", dataDir.resolveSibling(dataDir.getFileName() + "-master.key").toString());
            builder.environment().putAll(options.env);
            return new HearthProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Polls /-/ready until 200, failing with the server's log if it exits or times out. */
    Duration awaitReady(Duration timeout) {
        long start = System.nanoTime();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new AssertionError("hearth exited with " + process.exitValue() + " before it was ready:\n"
                        + LogExcerpt.headAndTail(log(), 300));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sleep(100);
        }
        throw new AssertionError("hearth was not ready within " + timeout + ":\n" + diagnosis());
    }

    /**
     * What a hung child was doing: its threads (from {@code jcmd Thread.print}, or a SIGQUIT dump
     * into its log when jcmd cannot attach) and its log, long logs cut to their head and tail.
     */
    String diagnosis() {
        String threads = threadDump();
        return "--- log " + log + " ---\n" + LogExcerpt.headAndTail(log(), 300) + "\n--- threads of pid " + process.pid()
                + " ---\n" + threads;
    }

    private String threadDump() {
        if (!process.isAlive()) {
            return "(exited with " + process.exitValue() + " before the dump)";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Path out = Files.createTempFile(log.getParent(), "threads-", ".txt");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print", "-l")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (dump.waitFor(20, TimeUnit.SECONDS) && dump.exitValue() == 0) {
                return Files.readString(out);
            }
            dump.destroyForcibly();
        } catch (IOException e) {
            // no jcmd in this JDK: fall back to the signal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
        int before = log().length();
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
        sleep(2000);
        String after = log();
        return after.length() > before ? after.substring(before) : "(no thread dump: jcmd failed and SIGQUIT printed nothing)";
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Sends SIGKILL: no shutdown hook, no flush. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String diagnosis = diagnosis();
                process.destroyForcibly();
                throw new AssertionError("hearth did not exit within " + timeout + ":\n" + diagnosis);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

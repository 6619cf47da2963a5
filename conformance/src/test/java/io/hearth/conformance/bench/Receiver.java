package io.hearth.conformance.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A system under benchmark, running as its own process on loopback: it takes Prometheus remote
 * write 1.0 and serves the Prometheus query API. One implementation per system; each knows how to
 * start it, how to ask it for its memory and how to make it persist what it holds.
 */
interface Receiver extends AutoCloseable {

    /** The systems, in the order the benches run them. */
    List<String> ALL = List.of("hearth", "victoriametrics", "prometheus");

    /**
     * Starts the system of that name with its files under {@code directory} and waits until it is
     * ready; besides {@link #ALL}, {@code hearth-wal-1s} is Hearth forcing its log once a second.
     */
    static Receiver start(String name, Path directory) {
        return switch (name) {
            case "hearth" -> HearthReceiver.start(directory);
            case HearthReceiver.WAL_FORCED_EVERY_SECOND -> HearthReceiver.startWithWalForcedEverySecond(directory);
            case "victoriametrics" -> VictoriaMetricsReceiver.start(directory);
            case "prometheus" -> PrometheusReceiver.start(directory);
            default -> throw new IllegalArgumentException("unknown system " + name + ", expected one of " + ALL
                    + " or " + HearthReceiver.WAL_FORCED_EVERY_SECOND);
        };
    }

    /** @return the system's name in tables */
    String name();

    /** @return the URL remote-write requests are POSTed to */
    String remoteWriteUrl();

    /** @return the query API's base, up to and including {@code /api/v1} */
    String apiBase();

    /** @return the process id of the server (the JVM, or the Go binary) */
    long pid();

    /**
     * Makes everything written so far visible to queries (a no-op for systems where an
     * acknowledged write already is).
     */
    default void makeQueryable() {
    }

    /**
     * Waits until the background work a load set off (merges, head compaction) is over, so that
     * it does not run during timed queries; makes everything queryable first.
     */
    default void settle() {
        makeQueryable();
    }

    /** @return the heap the system holds now, in bytes, and how it was measured */
    Measure heap();

    /**
     * Brings what the system holds into its long-term on-disk form where it can be asked to, and
     * measures the bytes on disk. The first entry is the headline figure; later ones are context.
     */
    List<Measure> persist();

    @Override
    void close();

    /** A measured amount and a short, honest description of what it includes. */
    record Measure(long bytes, String includes) {
    }
}

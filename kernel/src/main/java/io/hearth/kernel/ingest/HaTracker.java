package io.hearth.kernel.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Which replica of each HA cluster a workspace accepts, with Cortex's HA tracker semantics: the
 * first replica seen for a (workspace, cluster) is elected; writes from any other replica are
 * dropped as duplicates while the elected one keeps writing; once the elected replica has sent
 * nothing for the failover timeout, the next replica that writes is elected instead.
 *
 * <p>The election lives in this server's memory. Cortex keeps it in a KV store (Consul, etcd) so
 * that its many distributors agree; one Hearth server is the only one that sees a workspace's
 * writes, so it needs no store, and it can refresh the elected replica's last write on every
 * request instead of Cortex's periodic, jittered KV update. After a restart the first replica to
 * write is elected again, as after a failover.
 *
 * <p>Thread-safe; one election lock per cluster, held for a comparison and two writes.
 */
public final class HaTracker {

    private static final Logger LOG = Logger.getLogger(HaTracker.class.getName());

    private final HaTrackerSettings settings;
    private final LongSupplier clockMillis;
    private final Map<String, Map<String, Election>> workspaces = new ConcurrentHashMap<>();

    /**
     * @param settings labels and failover timeout
     * @param clockMillis the current time in milliseconds (injected for tests)
     */
    public HaTracker(HaTrackerSettings settings, LongSupplier clockMillis) {
        this.settings = settings;
        this.clockMillis = clockMillis;
    }

    /** @return the labels and timeout this tracker applies */
    public HaTrackerSettings settings() {
        return settings;
    }

    /**
     * Records a write from {@code replica} of {@code cluster} and answers which replica is elected
     * after it: the write is to be stored exactly when the answer equals {@code replica}.
     *
     * @return the elected replica
     */
    public String elected(String workspace, String cluster, String replica) {
        Election election = workspaces.computeIfAbsent(workspace, w -> new ConcurrentHashMap<>())
                .computeIfAbsent(cluster, c -> new Election());
        long now = clockMillis.getAsLong();
        String previous;
        long silentMillis;
        synchronized (election) {
            if (replica.equals(election.replica)) {
                election.lastWriteMillis = Math.max(election.lastWriteMillis, now);
                return replica;
            }
            silentMillis = now - election.lastWriteMillis;
            if (election.replica != null && silentMillis < settings.failoverTimeoutMillis()) {
                return election.replica;
            }
            previous = election.replica;
            election.replica = replica;
            election.lastWriteMillis = now;
        }
        if (previous != null) {
            LOG.info(() -> "HA cluster '" + cluster + "' of " + workspace + ": replica '" + replica + "' elected; '" + previous
                    + "' sent nothing for " + silentMillis + " ms");
        }
        return replica;
    }

    /** Drops the elections of a deleted workspace. */
    public void forget(String workspace) {
        workspaces.remove(workspace);
    }

    /** One cluster's elected replica and the time of its last write; guarded by its own monitor. */
    private static final class Election {
        private String replica;
        private long lastWriteMillis;
    }
}

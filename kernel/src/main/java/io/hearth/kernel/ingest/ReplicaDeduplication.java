package io.hearth.kernel.ingest;

import java.util.Arrays;

/**
 * One request's view of the {@link HaTracker}: for each series, whether it comes from an HA replica
 * and, if so, whether that replica is elected. Series of the elected replica lose the replica
 * label; those of any other replica are dropped and counted.
 *
 * <p>Each series is judged on its own labels (Cortex looks at a request's first series only and
 * applies the verdict to all); a sender's requests normally carry one cluster and replica
 * throughout, so the last verdict is kept and the tracker is asked once per request.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class ReplicaDeduplication {

    private final HaTracker tracker;
    private final String workspace;
    private final String clusterLabel;
    private final String replicaLabel;

    private String lastCluster;
    private String lastReplica;
    private String lastElected;
    private long droppedSamples;
    private long droppedHistograms;
    private String message;

    /**
     * @param tracker the server's elections
     * @param workspace the request's workspace
     */
    public ReplicaDeduplication(HaTracker tracker, String workspace) {
        this.tracker = tracker;
        this.workspace = workspace;
        this.clusterLabel = tracker.settings().clusterLabel();
        this.replicaLabel = tracker.settings().replicaLabel();
    }

    /**
     * @param pairs a series' labels as name, value pairs
     * @param samples the series' float samples, counted when it is dropped
     * @param histograms the series' histogram samples, likewise
     * @return the labels to validate and store: {@code pairs} itself when the series names no
     *     cluster or no replica, a copy without the replica label when its replica is elected, or
     *     null when it is dropped as a duplicate
     */
    String[] admit(String[] pairs, int samples, int histograms) {
        String cluster = null;
        String replica = null;
        int replicaAt = -1;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(clusterLabel)) {
                cluster = pairs[i + 1];
            } else if (pairs[i].equals(replicaLabel)) {
                replica = pairs[i + 1];
                replicaAt = i;
            }
        }
        // As Cortex: both labels, with values, or the series is not an HA series and goes on untouched.
        if (cluster == null || replica == null || cluster.isEmpty() || replica.isEmpty()) {
            return pairs;
        }
        if (!cluster.equals(lastCluster) || !replica.equals(lastReplica)) {
            lastElected = tracker.elected(workspace, cluster, replica);
            lastCluster = cluster;
            lastReplica = replica;
        }
        if (!lastElected.equals(replica)) {
            droppedSamples += samples;
            droppedHistograms += histograms;
            if (message == null) {
                message = "replica \"" + replica + "\" of HA cluster \"" + cluster + "\" is not the elected replica (\""
                        + lastElected + "\"); its samples were dropped as duplicates";
            }
            return null;
        }
        String[] kept = Arrays.copyOf(pairs, pairs.length - 2);
        System.arraycopy(pairs, replicaAt + 2, kept, replicaAt, pairs.length - replicaAt - 2);
        return kept;
    }

    /**
     * @param pairs a series' labels as name, value pairs
     * @return whether they name both the cluster and the replica label, so that {@link #admit} may
     *     do more than hand them back
     */
    boolean namesBoth(String[] pairs) {
        boolean cluster = false;
        boolean replica = false;
        for (int i = 0; i < pairs.length; i += 2) {
            cluster |= pairs[i].equals(clusterLabel);
            replica |= pairs[i].equals(replicaLabel);
        }
        return cluster && replica;
    }

    /** @return float samples dropped because their replica is not elected */
    long droppedSamples() {
        return droppedSamples;
    }

    /** @return histogram samples dropped because their replica is not elected */
    long droppedHistograms() {
        return droppedHistograms;
    }

    /** @return why the first series was dropped, or null when none was */
    String message() {
        return message;
    }
}

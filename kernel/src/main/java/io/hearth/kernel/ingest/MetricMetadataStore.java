package io.hearth.kernel.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The metric metadata (type, help, unit) that senders attach to their writes, per workspace, as
 * {@code /api/v1/metadata} serves it. Kept in memory like Prometheus's own metadata: a restart
 * forgets it until senders send it again (Prometheus and vmagent resend it every minute).
 */
@ApplicationScoped
public class MetricMetadataStore {

    /** One metadata entry. */
    public record Entry(String type, String help, String unit) {
    }

    private static final int MAX_ENTRIES_PER_METRIC = 10;

    private final ConcurrentMap<String, ConcurrentMap<String, List<Entry>>> byWorkspace = new ConcurrentHashMap<>();

    void record(String workspace, List<String[]> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ConcurrentMap<String, List<Entry>> metrics = byWorkspace.computeIfAbsent(workspace, w -> new ConcurrentHashMap<>());
        for (String[] e : entries) {
            Entry entry = new Entry(e[1], e[2], e[3]);
            metrics.compute(e[0], (name, known) -> {
                if (known == null) {
                    return List.of(entry);
                }
                if (known.contains(entry) || known.size() >= MAX_ENTRIES_PER_METRIC) {
                    return known;
                }
                List<Entry> more = new java.util.ArrayList<>(known);
                more.add(entry);
                return List.copyOf(more);
            });
        }
    }

    /** @return a workspace's metadata by metric name, sorted */
    public Map<String, List<Entry>> of(String workspace) {
        return new TreeMap<>(byWorkspace.getOrDefault(workspace, new ConcurrentHashMap<>()));
    }

    /** Forgets a deleted workspace. */
    public void forget(String workspace) {
        byWorkspace.remove(workspace);
    }
}

package io.hearth.kernel.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Per-workspace ingestion counters in {@code /metrics}: what was stored (the basis of usage
 * metering) and what was refused, by reason.
 */
@ApplicationScoped
public class IngestMetrics {

    private static final Metadata SAMPLES = Metadata.builder().withName("hearth_ingest_samples")
            .withDescription("Float samples stored, by workspace").build();
    private static final Metadata HISTOGRAMS = Metadata.builder().withName("hearth_ingest_histograms")
            .withDescription("Native histogram samples stored, by workspace").build();
    private static final Metadata EXEMPLARS = Metadata.builder().withName("hearth_ingest_exemplars")
            .withDescription("Exemplars stored, by workspace").build();
    private static final Metadata EXEMPLARS_REJECTED = Metadata.builder().withName("hearth_ingest_exemplars_rejected")
            .withDescription("Exemplars refused, by workspace and reason (their series' samples are stored)").build();
    private static final Metadata METADATA = Metadata.builder().withName("hearth_ingest_metadata_received")
            .withDescription("Metric metadata entries received, by workspace").build();
    private static final Metadata REJECTED = Metadata.builder().withName("hearth_ingest_rejected")
            .withDescription("Samples and histograms refused, by workspace and reason (whole requests count once)").build();

    private static final Metadata DEDUPLICATED = Metadata.builder().withName("hearth_ingest_deduplicated")
            .withDescription("Samples and histograms dropped because their HA replica was not the elected one, by workspace")
            .build();

    private MetricRegistry registry;
    // the counters every write increments, looked up once per workspace rather than four times per request
    private final java.util.concurrent.ConcurrentHashMap<String, Written> written =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Written(Counter samples, Counter histograms, Counter metadata, Counter exemplars) {
    }

    /** For CDI proxies only. */
    protected IngestMetrics() {
    }

    @Inject
    IngestMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    void written(String workspace, long samples, long histograms, long metadata) {
        Written counters = written(workspace);
        counters.samples().inc(samples);
        if (histograms > 0) {
            counters.histograms().inc(histograms);
        }
        if (metadata > 0) {
            counters.metadata().inc(metadata);
        }
    }

    void exemplarsWritten(String workspace, long exemplars) {
        if (exemplars > 0) {
            written(workspace).exemplars().inc(exemplars);
        }
    }

    private Written written(String workspace) {
        Written counters = written.get(workspace);
        if (counters == null) {
            Tag tag = new Tag("workspace", workspace);
            counters = written.computeIfAbsent(workspace, w -> new Written(registry.counter(SAMPLES, tag),
                    registry.counter(HISTOGRAMS, tag), registry.counter(METADATA, tag), registry.counter(EXEMPLARS, tag)));
        }
        return counters;
    }

    void exemplarsRejected(String workspace, String reason, long exemplars) {
        registry.counter(EXEMPLARS_REJECTED, new Tag("workspace", workspace), new Tag("reason", reason)).inc(exemplars);
    }

    /** @return exemplars stored in a workspace since this server started */
    public long exemplarsWritten(String workspace) {
        return registry.counter(EXEMPLARS, new Tag("workspace", workspace)).getCount();
    }

    /** @return float samples stored in a workspace since this server started */
    public long samplesWritten(String workspace) {
        return registry.counter(SAMPLES, new Tag("workspace", workspace)).getCount();
    }

    /** @return histogram samples stored in a workspace since this server started */
    public long histogramsWritten(String workspace) {
        return registry.counter(HISTOGRAMS, new Tag("workspace", workspace)).getCount();
    }

    void deduplicated(String workspace, long points) {
        registry.counter(DEDUPLICATED, new Tag("workspace", workspace)).inc(points);
    }

    /** @param points refused points; 0 for a whole request refused before decoding, counted as 1 */
    void rejected(String workspace, String reason, long points) {
        registry.counter(REJECTED, new Tag("workspace", workspace), new Tag("reason", reason)).inc(Math.max(1, points));
    }
}

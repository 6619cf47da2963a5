package io.hearth.kernel.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    private static final Metadata EXEMPLARS = Metadata.builder().withName("hearth_ingest_exemplars_received")
            .withDescription("Exemplars received (not stored yet), by workspace").build();
    private static final Metadata METADATA = Metadata.builder().withName("hearth_ingest_metadata_received")
            .withDescription("Metric metadata entries received, by workspace").build();
    private static final Metadata REJECTED = Metadata.builder().withName("hearth_ingest_rejected")
            .withDescription("Samples and histograms refused, by workspace and reason (whole requests count once)").build();

    private static final Metadata DEDUPLICATED = Metadata.builder().withName("hearth_ingest_deduplicated")
            .withDescription("Samples and histograms dropped because their HA replica was not the elected one, by workspace")
            .build();

    private MetricRegistry registry;

    /** For CDI proxies only. */
    protected IngestMetrics() {
    }

    @Inject
    IngestMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    void written(String workspace, long samples, long histograms, long metadata) {
        Tag tag = new Tag("workspace", workspace);
        registry.counter(SAMPLES, tag).inc(samples);
        registry.counter(HISTOGRAMS, tag).inc(histograms);
        registry.counter(METADATA, tag).inc(metadata);
    }

    void exemplarsReceived(String workspace, long exemplars) {
        registry.counter(EXEMPLARS, new Tag("workspace", workspace)).inc(exemplars);
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

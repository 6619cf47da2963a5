package io.hearth.kernel.ingest;

import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.ExemplarRejection;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.WorkspaceStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The write path after authorization: pick the codec, decode the whole request through the
 * validating sink, then append what passed to the workspace's storage in one batch and commit it
 * durably before answering. Nothing of a request that fails to decode is stored.
 */
@ApplicationScoped
public class WriteService {

    private static final Logger LOG = Logger.getLogger(WriteService.class.getName());
    private static final long DAY_MILLIS = 86_400_000L;

    private List<Plugins.Bound<IngestCodec>> codecs;
    private WorkspaceStores stores;
    private IngestLimits limits;
    private IngestMetrics metrics;
    private MetricMetadataStore metadata;
    private SeriesLimits seriesLimits;
    private IngestionRateLimiter rateLimiter;
    private HaTracker haTracker;
    // names that passed under these limits, remembered across requests (senders repeat them)
    private final PassedNames labelNames = new PassedNames(1024);
    private final PassedNames metricNames = new PassedNames(4096);
    private final Clock clock = Clock.systemUTC();
    // Points and series of a recent request: senders send batches of a steady size, so the next
    // request's arrays start at about the right size instead of doubling their way up. A hint only:
    // racy updates are harmless.
    private int recentPoints;
    private int recentSeries;

    /** For CDI proxies only. */
    protected WriteService() {
    }

    @Inject
    WriteService(PluginRegistry plugins, WorkspaceStores stores, ServerSettings settings, IngestMetrics metrics,
            MetricMetadataStore metadata) {
        this.metadata = metadata;
        this.codecs = plugins.ingestCodecs();
        this.stores = stores;
        this.limits = IngestLimits.from(settings.config());
        this.metrics = metrics;
        this.seriesLimits = SeriesLimits.from(settings.config());
        this.rateLimiter = new IngestionRateLimiter(IngestionRate.from(settings.config()), System::nanoTime);
        HaTrackerSettings ha = HaTrackerSettings.from(settings.config());
        this.haTracker = ha.enabled() ? new HaTracker(ha, clock::millis) : null;
        stores.onDelete(id -> {
            seriesLimits.forget(id);
            rateLimiter.forget(id);
            metadata.forget(id);
            if (haTracker != null) {
                haTracker.forget(id);
            }
        });
    }

    /**
     * Handles one write.
     *
     * @param workspace the target workspace, ACTIVE
     * @param request the request with its raw body
     * @return the answer, as the codec phrases it, or a plain error
     */
    public IngestResponse write(WorkspaceDocument workspace, IngestRequest request) {
        Plugins.Bound<IngestCodec> codec = codecFor(request);
        if (codec == null) {
            metrics.rejected(workspace.id(), "unsupported_media_type", 0);
            return text(415, "unsupported Content-Type '" + request.header("content-type") + "' for " + request.endpoint());
        }
        WorkspaceStorage storage = stores.get(workspace.id()).orElse(null);
        if (storage == null) {
            return text(503, "the storage of workspace " + workspace.id() + " is not open yet; retry");
        }
        long now = clock.millis();
        ReplicaDeduplication replicas = haTracker == null ? null : new ReplicaDeduplication(haTracker, workspace.id());
        ValidatingSink sink = new ValidatingSink(limits, now, workspace.retentionPeriodInDays() * DAY_MILLIS, replicas,
                labelNames, metricNames, recentPoints, recentSeries);
        try {
            codec.call(instance -> {
                instance.decode(request, sink);
                return null;
            });
        } catch (MalformedPayloadException e) {
            metrics.rejected(workspace.id(), e.unsupportedMediaType() ? "unsupported_media_type" : "malformed", 0);
            LOG.info(() -> "write to " + workspace.id() + " refused (" + codec.name() + "): " + e.getMessage());
            return codec.call(instance -> instance.refuse(e.unsupportedMediaType() ? 415 : 400, Map.of(), e.getMessage()));
        }
        long deduplicatedSamples = replicas == null ? 0 : replicas.droppedSamples();
        long deduplicatedHistograms = replicas == null ? 0 : replicas.droppedHistograms();
        if (deduplicatedSamples + deduplicatedHistograms > 0) {
            metrics.deduplicated(workspace.id(), deduplicatedSamples + deduplicatedHistograms);
        }

        long points = 0;
        for (AcceptedSeries series : sink.accepted()) {
            points += series.sampleCount() + series.histograms().size();
        }
        recentPoints = (int) Math.min(points, Integer.MAX_VALUE);
        recentSeries = sink.accepted().size();
        IngestionRateLimiter.Decision rate = rateLimiter.tryAcquire(workspace.id(), points);
        if (!rate.allowed()) {
            metrics.rejected(workspace.id(), Rejection.RATE_LIMITED.reason(), points);
            IngestionRate limit = rateLimiter.rate();
            String message = "ingestion rate limit (" + (long) limit.samplesPerSecond() + " samples/s, burst " + limit.burst()
                    + ") exceeded while adding " + points + " samples"
                    + (points > limit.burst() ? "; the request is larger than the burst and can never fit: send smaller batches"
                    : "; retry after " + rate.retryAfterSeconds() + " s");
            Map<String, String> retryAfter = Map.of("Retry-After", Long.toString(rate.retryAfterSeconds()));
            return codec.call(instance -> instance.refuse(429, retryAfter, message));
        }
        List<AcceptedSeries> accepted = sink.accepted();
        SeriesLimits.Admission admission = seriesLimits.admit(workspace.id(), workspace.limitsPerLabelSet(), storage, accepted);
        for (SeriesLimits.Refusal refusal : admission.refusals()) {
            AcceptedSeries series = accepted.get(refusal.index());
            sink.reject(refusal.reason(), series.sampleCount() + series.histograms().size(), refusal.message());
        }

        Appender appender = storage.appender();
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long exemplarsUnsupported = 0;
        boolean committed = false;
        try {
            for (int s = 0; s < accepted.size(); s++) {
                if (!admission.admitted(s)) {
                    continue;
                }
                AcceptedSeries series = accepted.get(s);
                boolean appended = series.sampleCount() > 0;
                Labels labels = Labels.ofSortedPairs(series.labelPairs());
                long[] timestamps = series.timestamps();
                double[] values = series.values();
                for (int i = series.firstSample(), end = i + series.sampleCount(); i < end; i++) {
                    appender.append(labels, timestamps[i], values[i], series.createdTimestamp());
                }
                samples += series.sampleCount();
                List<NativeHistogram> seriesHistograms = series.histograms();
                // by index: an iterator over these (mostly empty) immutable lists is allocated per series
                for (int h = 0; h < seriesHistograms.size(); h++) {
                    NativeHistogram histogram = seriesHistograms.get(h);
                    try {
                        appender.appendHistogram(labels, histogram.timestampMillis(), HistogramConversion.toStorage(histogram),
                                series.createdTimestamp());
                        histograms++;
                        appended = true;
                    } catch (IllegalArgumentException e) {
                        sink.reject(Rejection.UNSUPPORTED_HISTOGRAM, 1,
                                series.describe() + ": " + e.getMessage());
                    }
                }
                if (!appended) {
                    // Every histogram failed conversion: the series is not created, so it holds no slot.
                    admission.notCreated(s);
                    continue;
                }
                exemplars += series.exemplars().size();
                exemplarsUnsupported += appendExemplars(appender, labels, series.exemplars());
            }
            // exemplars sent apart from their samples, as Prometheus's remote write 1.0 sends them; storage
            // refuses those of a series it does not hold
            for (AcceptedSeries series : sink.exemplarsOnly()) {
                exemplars += series.exemplars().size();
                exemplarsUnsupported += appendExemplars(appender, Labels.ofSortedPairs(series.labelPairs()), series.exemplars());
            }
            appender.commit();
            committed = true;
        } catch (IOException e) {
            appender.rollback();
            LOG.severe(() -> "write to " + workspace.id() + " failed in storage: " + e);
            return text(500, "storage failure; nothing of this request was acknowledged");
        } finally {
            admission.finish(committed);
        }
        for (var refused : appender.rejections()) {
            sink.reject(refused.reason() == AppendResult.OUT_OF_ORDER ? Rejection.OUT_OF_ORDER : Rejection.DUPLICATE_TIMESTAMP,
                    1, refused.message());
        }
        for (ExemplarRejection refused : appender.exemplarRejections()) {
            sink.rejectExemplar(switch (refused.reason()) {
                case OUT_OF_ORDER -> Rejection.EXEMPLAR_OUT_OF_ORDER;
                case EXEMPLAR_LABELS_TOO_LONG -> Rejection.EXEMPLAR_LABELS_TOO_LONG;
                default -> Rejection.EXEMPLAR_UNKNOWN_SERIES;
            }, refused.message());
        }
        long exemplarsWritten = Math.max(0, exemplars - exemplarsUnsupported - appender.exemplarRejections().size());
        long refusedByStorage = appender.rejections().size();
        long samplesWritten = Math.max(0, samples - refusedByStorage);
        long histogramsWritten = Math.max(0, histograms - Math.max(0, refusedByStorage - samples));
        metrics.written(workspace.id(), samplesWritten, histogramsWritten, sink.metadata().size());
        metadata.record(workspace.id(), sink.metadata());
        long rejectedPoints = 0;
        for (Map.Entry<Rejection, Long> entry : sink.rejectedPoints().entrySet()) {
            metrics.rejected(workspace.id(), entry.getKey().reason(), entry.getValue());
            rejectedPoints += entry.getValue();
        }
        for (Map.Entry<Rejection, Long> entry : sink.rejectedExemplars().entrySet()) {
            metrics.exemplarsRejected(workspace.id(), entry.getKey().reason(), entry.getValue());
        }
        if (exemplarsUnsupported > 0) {
            metrics.exemplarsRejected(workspace.id(), "exemplar_storage_disabled", exemplarsUnsupported);
        }
        metrics.exemplarsWritten(workspace.id(), exemplarsWritten);
        IngestOutcome outcome = new IngestOutcome(samplesWritten, histogramsWritten, exemplarsWritten, rejectedPoints,
                sink.messages(), deduplicatedSamples, deduplicatedHistograms, replicas == null ? null : replicas.message());
        return codec.call(instance -> instance.respond(outcome));
    }

    /** The first codec of the request's endpoint that accepts it, or null. */
    private Plugins.Bound<IngestCodec> codecFor(IngestRequest request) {
        for (Plugins.Bound<IngestCodec> codec : codecs) {
            if (codec.instance().endpoint().equals(request.endpoint()) && codec.call(instance -> instance.accepts(request))) {
                return codec;
            }
        }
        return null;
    }

    /**
     * Appends a series's exemplars.
     *
     * @return how many the engine refused because it keeps none: dropped quietly, as Prometheus does
     */
    private static long appendExemplars(Appender appender, Labels series, List<Exemplar> exemplars) {
        long unsupported = 0;
        for (int i = 0; i < exemplars.size(); i++) { // by index: no iterator per series
            if (appender.appendExemplar(series, exemplars.get(i)) == AppendResult.UNSUPPORTED) {
                unsupported++;
            }
        }
        return unsupported;
    }

    private static IngestResponse text(int status, String message) {
        return new IngestResponse(status, Map.of(), "text/plain; charset=utf-8",
                (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

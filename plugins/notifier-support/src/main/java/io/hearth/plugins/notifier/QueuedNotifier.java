package io.hearth.plugins.notifier;

import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A notifier that posts alerts over HTTP in a {@link PayloadFormat}: one bounded queue and one
 * sender thread per target (see {@link TargetSender}), the configured targets or those a delivery
 * names instead. {@link #send} only queues.
 *
 * <p>Counting: {@code sent} and {@code failed} count alerts per target (an alert delivered to two
 * Alertmanagers counts two), {@code dropped} counts alerts pushed out of a full queue or still queued
 * at shutdown. Alerts with nowhere to go (no configured targets and no override) are discarded
 * without counting, and that is logged once.
 */
public final class QueuedNotifier implements Notifier {

    private static final Logger LOG = Logger.getLogger(QueuedNotifier.class.getName());
    /** A sender for an override target that has had nothing to send for this long ends. */
    static final Duration IDLE_SENDER_LIFETIME = Duration.ofMinutes(5);
    private static final int MAX_REPORTED_BAD_URLS = 1000;

    private final String name;
    private final NotifierSettings settings;
    private final PayloadFormat format;
    private final ExecutorService httpThreads;
    private final HttpClient client;
    private final DeliveryCounts counts = new DeliveryCounts();
    private final Map<Target, TargetSender> senders = new ConcurrentHashMap<>();
    private final Set<String> reportedBadUrls = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reportedNoTargets = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Starts a sender for each configured target.
     *
     * @param name the notifier's name, used in thread names and log lines
     * @param settings targets, queue, batch, timeout and retry settings
     * @param format the body and path of the POSTs
     */
    public QueuedNotifier(String name, NotifierSettings settings, PayloadFormat format) {
        this.name = name;
        this.settings = settings;
        this.format = format;
        AtomicInteger threadNumber = new AtomicInteger();
        this.httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hearth-" + name + "-http-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpThreads)
                .build();
        for (Target target : settings.targets()) {
            senders.computeIfAbsent(target, t -> startSender(t, true));
        }
        LOG.info(name + " notifier: " + (settings.targets().isEmpty() ? "no configured targets" : "targets "
                + settings.targets()) + ", queue " + settings.queueCapacity() + " per target, batches of "
                + settings.batchSize() + ", timeout " + settings.timeout().toMillis() + " ms");
    }

    @Override
    public void send(AlertDelivery delivery) {
        if (delivery.alerts().isEmpty()) {
            return;
        }
        List<Target> targets = delivery.targets().isEmpty() ? settings.targets() : overrides(delivery);
        if (targets.isEmpty()) {
            if (delivery.targets().isEmpty() && reportedNoTargets.compareAndSet(false, true)) {
                LOG.info(name + " notifier: no targets configured (hearth." + name + ".urls) and workspace "
                        + delivery.workspaceId() + " has none of its own; its alerts are not sent (logged once)");
            }
            return;
        }
        for (Target target : targets) {
            enqueue(target, delivery);
        }
    }

    private void enqueue(Target target, AlertDelivery delivery) {
        while (!closed) {
            TargetSender sender = senders.computeIfAbsent(target, t -> startSender(t, false));
            if (sender.offer(delivery.workspaceId(), delivery.alerts())) {
                return;
            }
            senders.remove(target, sender);
        }
        counts.dropped.add(delivery.alerts().size());
    }

    private List<Target> overrides(AlertDelivery delivery) {
        Set<Target> targets = new LinkedHashSet<>();
        for (URI url : delivery.targets()) {
            try {
                targets.add(Target.of(url, format.pathSuffix()));
            } catch (IllegalArgumentException e) {
                counts.failed.add(delivery.alerts().size());
                if (reportedBadUrls.size() < MAX_REPORTED_BAD_URLS && reportedBadUrls.add(url.toString())) {
                    LOG.warning(name + " notifier: workspace " + delivery.workspaceId() + " names a target that cannot be used: "
                            + e.getMessage() + "; its alerts are counted failed for it (logged once per URL)");
                }
            }
        }
        return List.copyOf(targets);
    }

    private TargetSender startSender(Target target, boolean pinned) {
        TargetSender sender = new TargetSender(name, target, pinned, IDLE_SENDER_LIFETIME.toNanos(), format, settings,
                client, counts, s -> senders.remove(s.target(), s));
        sender.start();
        return sender;
    }

    @Override
    public NotifierStats stats() {
        int queued = 0;
        for (TargetSender s : senders.values()) {
            queued += s.queued();
        }
        return new NotifierStats(counts.sent.sum(), counts.failed.sum(), counts.dropped.sum(), queued);
    }

    /**
     * Stops taking alerts, delivers what is queued for at most {@code drain-timeout} (without retrying
     * past it), then stops every sender; what was still queued is counted dropped.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        List<TargetSender> all = List.copyOf(senders.values());
        for (TargetSender s : all) {
            s.beginClose(deadline);
        }
        for (TargetSender s : all) {
            s.awaitClosed(deadline);
        }
        // A send that raced with close may have started a sender after the snapshot.
        for (TargetSender late : senders.values()) {
            if (!all.contains(late)) {
                late.beginClose(System.nanoTime());
                late.awaitClosed(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            }
        }
        senders.clear();
        client.shutdownNow();
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NotifierStats s = stats();
        LOG.info(name + " notifier stopped: " + s.sent() + " sent, " + s.failed() + " failed, " + s.dropped() + " dropped");
    }
}

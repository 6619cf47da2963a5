package io.hearth.plugins.notifier;

import io.hearth.spi.rules.Alert;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One target's queue and the thread that empties it: takes batches, posts each, and retries a batch
 * that failed for a reason that may pass (connection refused, timeout, 5xx, 408, 429) with
 * exponential backoff for at most {@code max-retry-duration}. A target refusing a batch (other 4xx,
 * 3xx) is not retried. One queue per target keeps a target that is down from holding back the
 * others.
 *
 * <p>A sender for a target that only deliveries name (a workspace's override) ends after an idle
 * period and is made again on demand; {@link #offer} then answers {@code false}.
 */
final class TargetSender {

    private static final Logger LOG = Logger.getLogger(TargetSender.class.getName());
    private static final int MAX_LOGGED_BODY = 512;

    private final String notifier;
    private final Target target;
    private final boolean pinned;
    private final long idleNanos;
    private final PayloadFormat format;
    private final NotifierSettings settings;
    private final Backoff backoff;
    private final HttpClient client;
    private final DeliveryCounts counts;
    private final Consumer<TargetSender> onRetire;
    private final FailureLog failures;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AlertQueue queue;
    private volatile int queued;
    private boolean stopped;
    private volatile boolean closing;
    private long drainDeadline;

    TargetSender(String notifier, Target target, boolean pinned, long idleNanos, PayloadFormat format,
            NotifierSettings settings, HttpClient client, DeliveryCounts counts, Consumer<TargetSender> onRetire) {
        this.notifier = notifier;
        this.target = target;
        this.pinned = pinned;
        this.idleNanos = idleNanos;
        this.format = format;
        this.settings = settings;
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        this.client = client;
        this.counts = counts;
        this.onRetire = onRetire;
        this.failures = new FailureLog(notifier, target);
        this.queue = new AlertQueue(settings.queueCapacity());
        this.thread = new Thread(this::run, "hearth-" + notifier + "-sender " + target.endpoint().getRawAuthority()
                + target.endpoint().getRawPath());
        thread.setDaemon(true);
    }

    Target target() {
        return target;
    }

    void start() {
        thread.start();
    }

    /**
     * Queues alerts, dropping (and counting) the oldest when the queue is full. Never blocks on the network.
     *
     * @return {@code false} if this sender has ended and the alerts were not taken
     */
    boolean offer(String workspaceId, List<Alert> alerts) {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            int dropped = queue.offer(workspaceId, alerts);
            if (dropped > 0) {
                counts.dropped.add(dropped);
            }
            queued = queue.size();
            wake.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return alerts waiting now */
    int queued() {
        return queued;
    }

    /** Stops taking alerts; the thread keeps delivering what is queued until the deadline. */
    void beginClose(long deadlineNanos) {
        lock.lock();
        try {
            closing = true;
            drainDeadline = deadlineNanos;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the thread until the deadline, then interrupts it; what it still held is counted dropped. */
    void awaitClosed(long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            List<QueuedAlert> batch;
            while ((batch = nextBatch()) != null) {
                deliver(batch);
            }
        } finally {
            lock.lock();
            try {
                stopped = true;
                counts.dropped.add(queue.clear());
                queued = 0;
            } finally {
                lock.unlock();
            }
        }
    }

    /** @return the next batch, or {@code null} when this sender ends */
    private List<QueuedAlert> nextBatch() {
        lock.lock();
        try {
            long idleUntil = System.nanoTime() + idleNanos;
            while (queue.isEmpty()) {
                if (closing) {
                    return null;
                }
                if (pinned) {
                    wake.await();
                } else {
                    long left = idleUntil - System.nanoTime();
                    if (left <= 0) {
                        stopped = true;
                        onRetire.accept(this);
                        return null;
                    }
                    wake.awaitNanos(left);
                }
            }
            if (closing && System.nanoTime() - drainDeadline >= 0) {
                return null;
            }
            List<QueuedAlert> batch = queue.poll(settings.batchSize(), format.oneWorkspacePerBatch());
            queued = queue.size();
            return batch;
        } catch (InterruptedException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(List<QueuedAlert> batch) {
        int n = batch.size();
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(target.endpoint())
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Hearth")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(format.encode(batch, System.currentTimeMillis())));
            if (target.authorization() != null) {
                b.header("Authorization", target.authorization());
            }
            request = b.build();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, notifier + " notifier: could not encode " + n + " alerts for " + target, e);
            counts.failed.add(n);
            return;
        }
        long giveUpAt = System.nanoTime() + settings.maxRetryDuration().toNanos();
        for (int attempt = 1; ; attempt++) {
            String reason;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    counts.sent.add(n);
                    failures.recovered();
                    return;
                }
                String body = new String(response.body(), 0, Math.min(response.body().length, MAX_LOGGED_BODY),
                        StandardCharsets.UTF_8).strip();
                if (!retryable(status)) {
                    counts.failed.add(n);
                    failures.rejected(n, status, body, System.nanoTime());
                    return;
                }
                reason = "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
            } catch (InterruptedException e) {
                // Only close() interrupts, once the drain time is over.
                counts.dropped.add(n);
                Thread.currentThread().interrupt();
                return;
            } catch (HttpTimeoutException e) {
                reason = "no answer within " + settings.timeout().toMillis() + " ms";
            } catch (ConnectException e) {
                reason = "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            } catch (IOException e) {
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            long delay = backoff.delayNanos(attempt);
            if (!pause(delay, giveUpAt, reason)) {
                counts.failed.add(n);
                failures.gaveUp(n, reason, closing);
                return;
            }
        }
    }

    /** @return {@code false} if the batch must be given up rather than retried after {@code delay} */
    private boolean pause(long delay, long giveUpAt, String reason) {
        lock.lock();
        try {
            long limit = closing ? drainDeadline : giveUpAt;
            long now = System.nanoTime();
            if (now + delay - limit > 0) {
                if (closing) {
                    drainDeadline = now; // the target is down: the rest of the queue would fail alike
                }
                return false;
            }
            failures.retrying(reason, delay, now);
            long left = delay;
            while (left > 0) {
                boolean wasClosing = closing;
                left = wake.awaitNanos(left);
                if (closing && !wasClosing && System.nanoTime() + left - drainDeadline > 0) {
                    drainDeadline = System.nanoTime();
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a status may pass: the server's trouble, a timeout, or being asked to slow down. */
    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}

package io.hearth.plugins.rules;

import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.storage.Labels;
import java.util.Map;

/**
 * One alert of an alerting rule, mutable, owned by the thread evaluating its group. Times are
 * milliseconds, {@link #NEVER} standing for Go's zero time (0 is a valid time: promtool's tests
 * start at the epoch).
 */
final class TrackedAlert {

    /** "Not set". */
    static final long NEVER = Long.MIN_VALUE;

    final Labels labels;
    /** Name order, unmodifiable; texts may be empty. */
    Map<String, String> annotations;
    AlertState state;
    double value;
    long activeAt;
    long firedAt = NEVER;
    long resolvedAt = NEVER;
    long lastSentAt = NEVER;
    long validUntil = NEVER;
    long keepFiringSince = NEVER;

    TrackedAlert(Labels labels, Map<String, String> annotations, double value, long activeAt) {
        this.labels = labels;
        this.annotations = annotations;
        this.state = AlertState.PENDING;
        this.value = value;
        this.activeAt = activeAt;
    }

    /** Prometheus's rule: never pending ones; resolved ones not yet sent; firing ones once per resend delay. */
    boolean needsSending(long ts, long resendDelayMillis) {
        if (state == AlertState.PENDING) {
            return false;
        }
        if (resolvedAt > lastSentAt) {
            return true;
        }
        return lastSentAt + resendDelayMillis < ts;
    }

    ActiveAlert toActiveAlert() {
        return new ActiveAlert(labels, annotations, state, activeAt, value, keepFiringSince == NEVER ? 0 : keepFiringSince);
    }

    TrackedAlert copy() {
        TrackedAlert c = new TrackedAlert(labels, annotations, value, activeAt);
        c.state = state;
        c.firedAt = firedAt;
        c.resolvedAt = resolvedAt;
        c.lastSentAt = lastSentAt;
        c.validUntil = validUntil;
        c.keepFiringSince = keepFiringSince;
        return c;
    }
}

package io.hearth.plugins.notifier;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a target's sender says about failures: the first failure at once, then at most one line a
 * minute while the target keeps failing (with how many attempts were not logged), and one line when
 * it works again. Used by one sender thread only.
 */
final class FailureLog {

    private static final Logger LOG = Logger.getLogger(QueuedNotifier.class.getName());
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String prefix;
    private boolean failing;
    private long failingSince;
    private long lastLogged;
    private int attempts;
    private int quietRejections;
    private long lastRejectionLogged;

    FailureLog(String notifier, Target target) {
        this.prefix = notifier + " notifier: POST " + target;
    }

    /** A POST failed and will be retried. */
    void retrying(String reason, long delayNanos, long now) {
        attempts++;
        if (!failing) {
            failing = true;
            failingSince = now;
            lastLogged = now;
            attempts = 1;
            LOG.warning(prefix + " failed: " + reason + "; retrying with backoff (next in "
                    + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms)");
        } else if (now - lastLogged >= INTERVAL_NANOS) {
            lastLogged = now;
            LOG.warning(prefix + " still failing after " + attempts + " attempts in "
                    + TimeUnit.NANOSECONDS.toSeconds(now - failingSince) + " s: " + reason);
        }
    }

    /** A batch is given up after its retries. */
    void gaveUp(int alerts, String reason, boolean closing) {
        LOG.warning(prefix + ": gave up " + alerts + " alerts " + (closing ? "at shutdown" : "after retrying")
                + ": " + reason);
    }

    /** The target refused a batch; it is not retried. */
    void rejected(int alerts, int status, String body, long now) {
        recovered();
        if (lastRejectionLogged != 0 && now - lastRejectionLogged < INTERVAL_NANOS) {
            quietRejections++;
            return;
        }
        String more = quietRejections == 0 ? "" : " (" + quietRejections + " more refusals not logged)";
        quietRejections = 0;
        lastRejectionLogged = now;
        LOG.warning(prefix + " refused " + alerts + " alerts with HTTP " + status + ", not retried" + more + ": " + body);
    }

    /** A POST succeeded. */
    void recovered() {
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, prefix + " works again after " + attempts + " failed attempts");
        }
    }
}

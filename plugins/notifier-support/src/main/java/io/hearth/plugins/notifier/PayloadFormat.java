package io.hearth.plugins.notifier;

import java.util.List;

/**
 * What a notifier posts: the request body for a batch of alerts and where, under a target's URL,
 * it goes. Called on the target's sender thread, one batch at a time; implementations are
 * immutable and thread-safe.
 */
public interface PayloadFormat {

    /** @return appended to each configured or overriding URL's path, e.g. {@code /api/v2/alerts}; may be empty */
    String pathSuffix();

    /** @return whether a batch may only hold alerts of one workspace */
    boolean oneWorkspacePerBatch();

    /**
     * @param batch one to {@code batch-size} alerts, in the order they were queued (of one
     *     workspace if {@link #oneWorkspacePerBatch()})
     * @param nowMillis the time of sending, for formats that say whether an alert is resolved
     * @return the JSON body, UTF-8
     */
    byte[] encode(List<QueuedAlert> batch, long nowMillis);
}

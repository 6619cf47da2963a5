package io.hearth.plugins.rules;

/**
 * The evaluator's clock and timer. The server's runs tasks on a small thread pool against the
 * system clock; tests substitute one whose time they move by hand, so that hours of evaluations
 * run in milliseconds.
 */
interface Scheduler extends AutoCloseable {

    /** A scheduled task that may be cancelled. */
    @FunctionalInterface
    interface Task {
        /** Cancels the task if it has not started; a running task finishes. */
        void cancel();
    }

    /** @return the current time, milliseconds since the epoch */
    long now();

    /**
     * Runs a task once, after a delay.
     *
     * @param task what to run; exceptions it throws are logged and swallowed
     * @param delayMillis how long to wait, 0 to run as soon as possible
     * @return a handle to cancel it
     */
    Task schedule(Runnable task, long delayMillis);

    /** Stops running tasks; waits briefly for those running. */
    @Override
    void close();
}

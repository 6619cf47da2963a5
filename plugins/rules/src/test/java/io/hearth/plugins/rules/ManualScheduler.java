package io.hearth.plugins.rules;

import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose clock moves only when the test says: due tasks run on the test's
 * thread, in time order.
 */
final class ManualScheduler implements Scheduler {

    private record Entry(long due, long sequence, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;

    ManualScheduler(long start) {
        this.now = start;
    }

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public synchronized Task schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now + Math.max(0, delayMillis), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward to {@code time}, running every task due on the way at its own due time. */
    void advanceTo(long time) {
        while (true) {
            Entry e;
            synchronized (this) {
                e = queue.peek();
                if (e == null || e.due > time) {
                    now = Math.max(now, time);
                    return;
                }
                queue.poll();
                if (e.cancelled[0]) {
                    continue;
                }
                now = Math.max(now, e.due);
            }
            e.task.run();
        }
    }

    /** Moves time forward by {@code millis}. */
    void advance(long millis) {
        advanceTo(now() + millis);
    }

    /**
     * Sets the clock to {@code time} at once, then runs what is due: as if the machine stalled, so
     * tasks see a clock later than the time they were due.
     */
    void jumpTo(long time) {
        synchronized (this) {
            now = time;
        }
        advanceTo(time);
    }

    /** @return when the next task is due, or -1 */
    synchronized long nextDue() {
        return queue.stream().filter(x -> !x.cancelled[0]).mapToLong(Entry::due).min().orElse(-1);
    }

    @Override
    public synchronized void close() {
        queue.clear();
    }
}

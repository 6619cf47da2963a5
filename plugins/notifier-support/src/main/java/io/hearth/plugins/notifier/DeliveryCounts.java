package io.hearth.plugins.notifier;

import java.util.concurrent.atomic.LongAdder;

/** The counters a notifier shares between its senders; see {@link io.hearth.spi.rules.NotifierStats}. */
final class DeliveryCounts {

    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
}

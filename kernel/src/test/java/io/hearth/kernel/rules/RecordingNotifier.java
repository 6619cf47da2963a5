package io.hearth.kernel.rules;

import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierStats;
import java.util.ArrayList;
import java.util.List;

/** A notifier for the kernel's wiring tests: keeps what it is given, delivers nothing. */
final class RecordingNotifier implements Notifier {

    final String name;
    final List<AlertDelivery> deliveries = new ArrayList<>();
    final List<String> calls;

    RecordingNotifier(String name, List<String> calls) {
        this.name = name;
        this.calls = calls;
    }

    @Override
    public void send(AlertDelivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public NotifierStats stats() {
        return new NotifierStats(deliveries.size(), 0, 0, 0);
    }

    @Override
    public void close() {
        calls.add("close " + name);
    }
}

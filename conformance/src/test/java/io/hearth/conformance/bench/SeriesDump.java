package io.hearth.conformance.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the storage bench's dataset (the same {@link NodeHost}s, seed and rounds as
 * {@link StorageBench}) to a file of whole series, for chunk-encoding analyses that run without a
 * server (storage-lucene's {@code PackedChunkAnalysis}). Layout, big-endian: the series count, then
 * per series its labels as one UTF string ({@code name{k="v",...}}), its sample count and that many
 * timestamps then that many raw value bits.
 */
public final class SeriesDump {

    private static final String USAGE = "dev/run-bench SeriesDump --out=/tmp/series.bin [--hosts=40] [--hours=1.5] [--seed=1]";

    private SeriesDump() {
    }

    public static void main(String[] args) throws IOException {
        BenchArgs a = new BenchArgs(args, Set.of("out", "hosts", "hours", "seed"), USAGE);
        Path out = Path.of(a.text("out", "/tmp/hearth-series.bin"));
        int hosts = a.integer("hosts", 40);
        int rounds = (int) Math.round(a.decimal("hours", 1.5) * 3_600_000 / NodeHost.INTERVAL_MILLIS);
        long seed = a.integer("seed", 1);
        long start = 1_700_000_000_000L / NodeHost.INTERVAL_MILLIS * NodeHost.INTERVAL_MILLIS;
        List<long[]> times = new ArrayList<>();
        List<long[]> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            NodeHost host = new NodeHost(h, seed);
            int n = host.series();
            long[][] t = new long[n][rounds];
            long[][] v = new long[n][rounds];
            for (int r = 0; r < rounds; r++) {
                host.scrape(start + r * NodeHost.INTERVAL_MILLIS);
                for (int i = 0; i < n; i++) {
                    t[i][r] = host.timestamp(i);
                    v[i][r] = Double.doubleToRawLongBits(host.value(i));
                }
            }
            for (int i = 0; i < n; i++) {
                String[] l = host.labels(i);
                StringBuilder s = new StringBuilder(l[1]).append('{');
                for (int p = 2; p < l.length; p += 2) {
                    s.append(p > 2 ? "," : "").append(l[p]).append("=\"").append(l[p + 1]).append('"');
                }
                names.add(s.append('}').toString());
                times.add(t[i]);
                values.add(v[i]);
            }
        }
        try (DataOutputStream d = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 20))) {
            d.writeInt(names.size());
            for (int s = 0; s < names.size(); s++) {
                d.writeUTF(names.get(s));
                d.writeInt(rounds);
                for (long t : times.get(s)) {
                    d.writeLong(t);
                }
                for (long v : values.get(s)) {
                    d.writeLong(v);
                }
            }
        }
        System.out.printf("%,d series of %d samples written to %s%n", names.size(), rounds, out);
    }
}

package io.hearth.plugins.rules;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.query.QueryOptions;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.RuleWorkspace;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.spi.storage.WorkspaceStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A workspace for rule tests: the real {@code lucene} storage in a directory and the real
 * {@code promql} engine, both found through their plugins as the server finds them, and an alert
 * sink that records what it is handed.
 */
final class RuleFixture implements AutoCloseable {

    static final String WORKSPACE = "ws-test";
    static final String EXTERNAL_URL = "http://127.0.0.1:9009/workspaces/ws-test";
    static final QueryOptions QUERY = new QueryOptions(300_000, 50_000_000, 120_000);

    /** Alerts handed to the sink, with the workspace they were for. */
    final List<Alert> sent = new CopyOnWriteArrayList<>();
    final QueryEngine engine;
    private final Path directory;
    private final StorageEngine storageEngine;
    WorkspaceStorage storage;

    RuleFixture(Path directory) throws IOException {
        this.directory = directory;
        PluginContext context = new PluginContext(directory, "us-east-1", "000000000000", Map.of(), IdentityDirectory.EMPTY);
        StorageEngine se = null;
        QueryEngine qe = null;
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class)) {
            for (var f : plugin.storageEngineFactories()) {
                if (f.name().equals("lucene")) {
                    se = f.create(context);
                }
            }
            for (var f : plugin.queryEngineFactories()) {
                if (f.name().equals("promql")) {
                    qe = f.create(context);
                }
            }
        }
        if (se == null || qe == null) {
            throw new IllegalStateException("lucene storage or promql engine plugin not on the test class path");
        }
        this.storageEngine = se;
        this.engine = qe;
        open();
    }

    /** Opens (or reopens, after {@link #closeStorage}) the workspace's storage. */
    void open() throws IOException {
        storage = storageEngine.open(WORKSPACE, directory.resolve("ws"), StorageOptions.defaults());
    }

    void closeStorage() throws IOException {
        storage.close();
    }

    RuleWorkspace workspace() {
        return workspace(0);
    }

    RuleWorkspace workspace(long defaultQueryOffset) {
        return new RuleWorkspace(WORKSPACE, storage, engine, (ws, alerts) -> sent.addAll(alerts), defaultQueryOffset,
                EXTERNAL_URL);
    }

    /** Appends float samples: {@code labels} then pairs of timestamp and value. */
    void append(Labels series, double... timesAndValues) throws IOException {
        Appender a = storage.appender();
        for (int i = 0; i < timesAndValues.length; i += 2) {
            a.append(series, (long) timesAndValues[i], timesAndValues[i + 1]);
        }
        a.commit();
        if (!a.rejections().isEmpty()) {
            throw new IllegalStateException(a.rejections().get(0).message());
        }
    }

    /** Appends one value every 15 s over [from, to), in one batch. */
    void series(Labels series, long from, long to, double value) throws IOException {
        Appender a = storage.appender();
        for (long t = from; t < to; t += 15_000) {
            a.append(series, t, value);
        }
        a.commit();
        if (!a.rejections().isEmpty()) {
            throw new IllegalStateException(a.rejections().get(0).message());
        }
    }

    /** An instant query, as label set → value, in label order. */
    Map<Labels, Double> query(String expression, long time) throws QueryException {
        QueryValue v = engine.instant(storage, expression, time, QUERY).value();
        Map<Labels, Double> out = new TreeMap<>();
        if (v instanceof QueryValue.Vector vector) {
            for (QueryValue.Sample s : vector.samples()) {
                out.put(s.labels(), s.value());
            }
        } else if (v instanceof QueryValue.Scalar s) {
            out.put(Labels.EMPTY, s.value());
        }
        return out;
    }

    /** One stored sample, raw (stale markers included). */
    record Point(long t, double v) {
    }

    /** Every stored sample of the series selected by a metric name and labels, in the range. */
    Map<Labels, List<Point>> raw(String metric, long from, long to) {
        Map<Labels, List<Point>> out = new TreeMap<>();
        try (Querier q = storage.querier(from, to)) {
            SeriesSet set = q.select(from, to, List.of(LabelMatcher.equal("__name__", metric)));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                List<Point> points = new ArrayList<>();
                while (it.next() == ValueType.FLOAT) {
                    points.add(new Point(it.timestamp(), it.value()));
                }
                out.put(set.at().labels(), points);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        storage.close();
        storageEngine.close();
    }
}

package io.hearth.promql.eval;

import io.hearth.promql.storage.MemorySeriesSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The conformance corpus ({@link CorpusRunner}) over the in-memory {@link MemorySeriesSource}.
 * Cases known to fail are listed with their reason in {@code corpus-failing.txt} next to this
 * class's resources; {@code -Dhearth.corpus.update=true} rewrites it.
 */
class CorpusEvalTest {
    static final Path FAILING = Path.of("src/test/resources/io/hearth/promql/eval/corpus-failing.txt");

    @Test
    void corpus() throws Exception {
        new CorpusRunner("promql-conformance", FAILING).run(new MemoryCorpusStore());
    }
}

package io.hearth.promql.ast;

/** {@code @ start()} or {@code @ end()}, resolved by the evaluator to the query's start or end. */
public enum AtPreprocessor {
    NONE,
    START,
    END
}

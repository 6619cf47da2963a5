package io.hearth.promql.eval;

import io.hearth.promql.ast.Expr;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Runs the evaluation of a very deep syntax tree on a thread with a large stack. The evaluator
 * recurses once per level of the tree, and a chain of thousands of operators ({@code a or b or c
 * ...}, which dashboards generate) would overflow an ordinary thread's stack, where Prometheus,
 * with Go's growing stacks, answers. Shallow trees, nearly all, run on the caller's thread.
 */
final class DeepStack {

    /** Trees at least this deep get their own thread. */
    static final int DEPTH = 256;
    /** Reserved for that thread's stack; the system commits only the pages the recursion touches. */
    private static final long STACK_BYTES = 1L << 30;

    private DeepStack() {
    }

    static Result evaluate(Expr expr, Supplier<Result> evaluation) {
        if (depth(expr) < DEPTH) {
            return evaluation.get();
        }
        Object[] outcome = new Object[1];
        Thread thread = new Thread(null, () -> {
            try {
                outcome[0] = evaluation.get();
            } catch (RuntimeException | StackOverflowError e) {
                outcome[0] = e;
            }
        }, "promql-deep-query", STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new QueryException("query canceled while evaluating a deep expression");
        }
        if (outcome[0] instanceof StackOverflowError) {
            throw new QueryException("expression nesting too deep to evaluate");
        }
        if (outcome[0] instanceof RuntimeException e) {
            throw e;
        }
        return (Result) outcome[0];
    }

    /** The number of levels of the tree, counted without recursion. */
    static int depth(Expr root) {
        ArrayDeque<Expr> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        int deepest = 0;
        while (!nodes.isEmpty()) {
            Expr e = nodes.pop();
            int d = depths.pop();
            deepest = Math.max(deepest, d);
            for (Expr child : e.children()) {
                nodes.push(child);
                depths.push(d + 1);
            }
        }
        return deepest;
    }
}

package io.hearth.promql.engine;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.Printer;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.parser.ParseException;
import io.hearth.promql.parser.Parser;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/** The spi {@link QueryEngine} over Hearth's PromQL parser and printer. */
final class PromqlEngine implements QueryEngine {

    static final String NAME = "promql";

    @Override
    public List<LabelMatcher> parseSeriesSelector(String selector) throws QueryException {
        Expr expr = parse(selector);
        while (expr instanceof ParenExpr paren) {
            expr = paren.expr();
        }
        if (!(expr instanceof VectorSelector vector) || vector.hasOffset() || vector.atMillis() != null) {
            throw new QueryException("bad_data", "expected a series selector such as up{job=\"api\"}, got " + Printer.print(expr));
        }
        List<LabelMatcher> matchers = new ArrayList<>(vector.matchers().size());
        for (io.hearth.promql.ast.LabelMatcher m : vector.matchers()) {
            try {
                matchers.add(new LabelMatcher(switch (m.type()) {
                    case EQUAL -> LabelMatcher.Type.EQUAL;
                    case NOT_EQUAL -> LabelMatcher.Type.NOT_EQUAL;
                    case REGEX -> LabelMatcher.Type.REGEX;
                    case NOT_REGEX -> LabelMatcher.Type.NOT_REGEX;
                }, m.name(), m.value()));
            } catch (IllegalArgumentException e) {
                throw new QueryException("bad_data", e.getMessage());
            }
        }
        return List.copyOf(matchers);
    }

    @Override
    public String format(String expression) throws QueryException {
        return Printer.print(parse(expression));
    }

    private static Expr parse(String text) throws QueryException {
        try {
            return Parser.parse(text);
        } catch (ParseException e) {
            throw new QueryException("bad_data", e.getMessage());
        }
    }
}

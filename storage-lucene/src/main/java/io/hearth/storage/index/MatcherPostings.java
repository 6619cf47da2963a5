package io.hearth.storage.index;

import io.hearth.spi.storage.LabelMatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * A conjunction of label matchers evaluated on a Lucene index's postings directly: each matcher
 * becomes the terms of one field that a series must have one of (required) or none of
 * (excluded), and the required postings are intersected by leapfrogging, cheapest first.
 *
 * <p>Every select of a query runs this, so it avoids Lucene's query machinery (searcher, rewrite,
 * weight, scorer suppliers and their cost estimates), which was most of a small select's time,
 * and far more while that code is still interpreted.
 *
 * <p>The mapping of matchers to terms:
 * <ul>
 *   <li>{@code a="v"} → must have term {@code a:v}; {@code a!="v"} → must not;
 *   <li>{@code a=""} → must not have {@code names:a}; {@code a!=""} → must have it;
 *   <li>a regex matcher that rejects {@code ""} → must have one of the values of {@code a} it
 *       accepts; one that accepts {@code ""} → must not have any value it rejects.
 * </ul>
 * Whether a matcher is required or excluded follows from whether it accepts the empty value, i.e.
 * a series without the label. Regex value sets are computed by enumerating the field's terms and
 * testing each with the matcher's {@link java.util.regex.Pattern} rather than with Lucene's
 * {@code RegexpQuery}: Lucene's regexp syntax is not RE2's (it reserves {@code @ & ~ < > #}, lacks
 * {@code \d}-style classes in older versions, and has no flags), and a label has few distinct
 * values next to its series, so one pass over the terms is cheap and the semantics are exactly the
 * matcher's. A literal prefix of the regex (as in {@code node_cpu_.*}) bounds the enumeration.
 */
final class MatcherPostings {

    private MatcherPostings() {
    }

    /** Receives the matching documents of one leaf, ascending. */
    interface LeafSink {
        /** Called once per leaf that may match, before its documents. */
        void leaf(LeafReaderContext leaf) throws IOException;

        /** A matching live document of the current leaf. */
        void doc(int doc) throws IOException;
    }

    /** One matcher as postings: the terms of one field, of which a series must have one or none. */
    private record Clause(String field, BytesRef[] terms, boolean required) {
    }

    /**
     * Calls {@code sink} with every live document of {@code reader} that satisfies all matchers,
     * leaf by leaf in order, documents ascending in each.
     *
     * @param matchers a conjunction; empty matches every document
     */
    static void match(IndexReader reader, List<LabelMatcher> matchers, LeafSink sink) throws IOException {
        List<Clause> clauses = clauses(reader, matchers);
        if (clauses == null) {
            return;
        }
        List<Clause> required = new ArrayList<>(clauses.size());
        List<Clause> excluded = new ArrayList<>(clauses.size());
        for (Clause c : clauses) {
            (c.required() ? required : excluded).add(c);
        }
        for (LeafReaderContext leaf : reader.leaves()) {
            matchLeaf(leaf, required, excluded, sink);
        }
    }

    private static void matchLeaf(LeafReaderContext context, List<Clause> required, List<Clause> excluded, LeafSink sink)
            throws IOException {
        LeafReader leaf = context.reader();
        int maxDoc = leaf.maxDoc();
        if (maxDoc == 0) {
            return;
        }
        DocIdSetIterator[] iterators = new DocIdSetIterator[required.size()];
        for (int i = 0; i < iterators.length; i++) {
            iterators[i] = docs(leaf, required.get(i));
            if (iterators[i] == null) {
                return; // a required clause matches nothing in this leaf
            }
        }
        FixedBitSet without = null;
        for (Clause c : excluded) {
            without = union(leaf, c, without);
        }
        Bits live = leaf.getLiveDocs();
        sink.leaf(context);
        if (iterators.length == 0) {
            for (int doc = 0; doc < maxDoc; doc++) {
                if ((live == null || live.get(doc)) && (without == null || !without.get(doc))) {
                    sink.doc(doc);
                }
            }
            return;
        }
        if (iterators.length > 1) {
            Arrays.sort(iterators, Comparator.comparingLong(DocIdSetIterator::cost));
        }
        DocIdSetIterator lead = iterators[0];
        int doc = lead.nextDoc();
        while (doc != DocIdSetIterator.NO_MORE_DOCS) {
            int next = doc;
            for (int i = 1; i < iterators.length; i++) {
                DocIdSetIterator other = iterators[i];
                int at = other.docID() < doc ? other.advance(doc) : other.docID();
                if (at > doc) {
                    next = at;
                    break;
                }
            }
            if (next > doc) {
                doc = lead.advance(next);
                continue;
            }
            if ((live == null || live.get(doc)) && (without == null || !without.get(doc))) {
                sink.doc(doc);
            }
            doc = lead.nextDoc();
        }
    }

    /** The documents of the leaf holding any of the clause's terms, or null if none does. */
    private static DocIdSetIterator docs(LeafReader leaf, Clause c) throws IOException {
        if (c.terms().length == 1) {
            Terms terms = leaf.terms(c.field());
            if (terms == null) {
                return null;
            }
            TermsEnum te = terms.iterator();
            return te.seekExact(c.terms()[0]) ? te.postings(null, PostingsEnum.NONE) : null;
        }
        FixedBitSet bits = union(leaf, c, null);
        if (bits == null) {
            return null;
        }
        return new BitSetIterator(bits, bits.cardinality());
    }

    /** Adds the documents holding any of the clause's terms to {@code into}; null if there are none and it was null. */
    private static FixedBitSet union(LeafReader leaf, Clause c, FixedBitSet into) throws IOException {
        Terms terms = leaf.terms(c.field());
        if (terms == null) {
            return into;
        }
        TermsEnum te = terms.iterator();
        PostingsEnum postings = null;
        for (BytesRef term : c.terms()) {
            if (!te.seekExact(term)) {
                continue;
            }
            postings = te.postings(postings, PostingsEnum.NONE);
            if (into == null) {
                into = new FixedBitSet(leaf.maxDoc());
            }
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                into.set(doc);
            }
        }
        return into;
    }

    /** The matchers as clauses over the terms of {@code reader}; null when nothing can match. */
    private static List<Clause> clauses(IndexReader reader, List<LabelMatcher> matchers) throws IOException {
        List<Clause> out = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            boolean acceptsMissing = m.matchesEmpty();
            Clause c = switch (m.type()) {
                case EQUAL, NOT_EQUAL -> m.value().isEmpty()
                        ? new Clause(LucenePostings.NAMES_FIELD, new BytesRef[] {new BytesRef(m.name())}, !acceptsMissing)
                        : new Clause(LucenePostings.field(m.name()), new BytesRef[] {new BytesRef(m.value())}, !acceptsMissing);
                case REGEX, NOT_REGEX -> {
                    if (m.type() == LabelMatcher.Type.REGEX && m.regexIsLiteral() && !acceptsMissing) {
                        yield new Clause(LucenePostings.field(m.name()), new BytesRef[] {new BytesRef(m.value())}, true);
                    }
                    List<BytesRef> terms = values(reader, m, !acceptsMissing);
                    if (terms == null) { // every value of the label qualifies
                        yield new Clause(LucenePostings.NAMES_FIELD, new BytesRef[] {new BytesRef(m.name())}, !acceptsMissing);
                    }
                    yield terms.isEmpty() ? null : new Clause(LucenePostings.field(m.name()), terms.toArray(BytesRef[]::new),
                            !acceptsMissing);
                }
            };
            if (c == null) {
                if (!acceptsMissing) {
                    return null; // a required label value that no series has
                }
                continue; // nothing to exclude
            }
            out.add(c);
        }
        return out;
    }

    /**
     * The values of the matcher's label that the matcher accepts ({@code wanted} true) or rejects,
     * in term order; {@code null} when that is every value (cheaper as a names-field term).
     */
    private static List<BytesRef> values(IndexReader reader, LabelMatcher m, boolean wanted) throws IOException {
        Terms terms = MultiTerms.getTerms(reader, LucenePostings.field(m.name()));
        List<BytesRef> out = new ArrayList<>();
        if (terms == null) {
            return out;
        }
        String prefix = wanted ? literalPrefix(m) : "";
        TermsEnum te = terms.iterator();
        BytesRef t;
        if (!prefix.isEmpty()) {
            if (te.seekCeil(new BytesRef(prefix)) == TermsEnum.SeekStatus.END) {
                return out;
            }
            t = te.term();
        } else {
            t = te.next();
        }
        boolean all = prefix.isEmpty();
        for (; t != null; t = te.next()) {
            String v = t.utf8ToString();
            if (!prefix.isEmpty() && !v.startsWith(prefix)) {
                break;
            }
            if (m.matches(v) == wanted) {
                out.add(BytesRef.deepCopyOf(t));
            } else {
                all = false;
            }
        }
        return all && !out.isEmpty() ? null : out;
    }

    /**
     * A string every value accepted by a positive regex matcher starts with: the regex's leading
     * run of plain characters, minus its last one if a quantifier follows. Empty when the regex
     * has alternation or flags anywhere, which could make the run optional or case-insensitive.
     */
    static String literalPrefix(LabelMatcher m) {
        if (m.type() != LabelMatcher.Type.REGEX) {
            return "";
        }
        String re = m.value();
        if (re.indexOf('|') >= 0 || re.contains("(?")) {
            return "";
        }
        int i = 0;
        while (i < re.length() && "\\.+*?()|[]{}^$".indexOf(re.charAt(i)) < 0) {
            i++;
        }
        if (i < re.length() && "*?{".indexOf(re.charAt(i)) >= 0) {
            i--;
        }
        return i <= 0 ? "" : re.substring(0, i);
    }
}

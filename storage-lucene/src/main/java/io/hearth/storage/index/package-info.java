/**
 * Label postings: which series carry which label values, kept in Apache Lucene so that label
 * matchers become index queries. Knows labels and series refs, not samples.
 */
package io.hearth.storage.index;

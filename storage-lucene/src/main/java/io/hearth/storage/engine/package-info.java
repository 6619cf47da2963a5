/**
 * The plugin wiring: {@code LucenePlugin} offers the {@code lucene} storage engine, which opens one
 * head per workspace directory. No storage logic lives here.
 */
package io.hearth.storage.engine;

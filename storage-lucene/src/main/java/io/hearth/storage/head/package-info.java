/**
 * The head: the in-memory series of one workspace, their open and cut chunks, out-of-order samples
 * admitted by the window, the commit protocol that writes the WAL first, and replay. Reads
 * samples through {@code chunk}, writes records through {@code record} and {@code wal}, and
 * finds series through {@code index}.
 */
package io.hearth.storage.head;

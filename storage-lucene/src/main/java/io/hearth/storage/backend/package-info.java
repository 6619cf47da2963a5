/**
 * The {@code local} chunk backend: each block's chunk stream is one file under the workspace
 * directory's {@code chunks/}, written under a temporary name, forced and renamed when finished,
 * and read through a memory mapping. Blind to what the bytes mean.
 */
package io.hearth.storage.backend;

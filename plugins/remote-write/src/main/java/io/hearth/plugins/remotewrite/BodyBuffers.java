package io.hearth.plugins.remotewrite;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small bounded pool of decompression buffers, so that a steady stream of remote write requests
 * stops allocating (and zeroing) a fresh body-sized array per request. A pool and not a
 * thread-local because Helidon serves each request on a new virtual thread, where a thread-local
 * would never be reused.
 *
 * <p>Lock-free: each slot holds a buffer or null; taking swaps a slot to null, giving back fills an
 * empty slot or drops the buffer. Buffers above {@link #MAX_POOLED_BYTES} are never kept, so the
 * pool holds at most {@code SLOTS * MAX_POOLED_BYTES} however large the bodies get.
 *
 * <p>Safe only because nothing decoded from a body keeps a reference to it: strings are copied
 * (decoded or taken from {@link StringCache}, which copies its key bytes), samples are
 * primitives and histograms are read into their own arrays.
 */
final class BodyBuffers {

    static final int MAX_POOLED_BYTES = 4 << 20;
    private static final int SLOTS = 8;

    private final AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(SLOTS);

    /** @return a buffer of at least {@code length} bytes, with unspecified content */
    byte[] take(int length) {
        if (length <= MAX_POOLED_BYTES) {
            for (int i = 0; i < SLOTS; i++) {
                byte[] buffer = slots.get(i);
                if (buffer != null && buffer.length >= length && slots.compareAndSet(i, buffer, null)) {
                    return buffer;
                }
            }
        }
        return new byte[length];
    }

    /** Returns a buffer from {@link #take}; the caller must not touch it afterwards. */
    void give(byte[] buffer) {
        if (buffer.length > MAX_POOLED_BYTES) {
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, buffer)) {
                return;
            }
        }
        // Full: keep the larger buffers, which fit more future bodies.
        for (int i = 0; i < SLOTS; i++) {
            byte[] held = slots.get(i);
            if (held != null && held.length < buffer.length && slots.compareAndSet(i, held, buffer)) {
                return;
            }
        }
    }
}

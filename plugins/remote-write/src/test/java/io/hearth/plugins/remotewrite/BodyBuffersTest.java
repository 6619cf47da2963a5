package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BodyBuffersTest {

    private final BodyBuffers buffers = new BodyBuffers();

    @Test
    void aReturnedBufferIsReusedForABodyThatFits() {
        byte[] first = buffers.take(1000);
        buffers.give(first);
        assertSame(first, buffers.take(800), "a smaller body reuses the buffer");
    }

    @Test
    void aBufferIsNeverHandedToTwoTakersAtOnce() {
        byte[] first = buffers.take(1000);
        buffers.give(first);
        byte[] taken = buffers.take(1000);
        assertNotSame(taken, buffers.take(1000), "a taken buffer leaves the pool until it is given back");
    }

    @Test
    void aBodyLargerThanEveryPooledBufferGetsAFreshOne() {
        byte[] small = buffers.take(100);
        buffers.give(small);
        byte[] big = buffers.take(5000);
        assertNotSame(small, big);
        assertTrue(big.length >= 5000);
    }

    @Test
    void buffersAboveTheBoundAreNotKept() {
        byte[] huge = buffers.take(BodyBuffers.MAX_POOLED_BYTES + 1);
        buffers.give(huge);
        assertNotSame(huge, buffers.take(BodyBuffers.MAX_POOLED_BYTES + 1));
    }
}

package io.hearth.plugins.remotewrite;

/**
 * A request body ready to decode: {@code bytes[0, length)}; the array may be longer (a pooled
 * decompression buffer) and its bytes past {@code length} are left over from earlier requests.
 *
 * @param bytes the body's bytes from offset 0
 * @param length how many of them are the body
 * @param pool the pool the array goes back to once decoded, or null when it is the request's own
 */
record Body(byte[] bytes, int length, BodyBuffers pool) {

    /** Hands a pooled array back; nothing read from the body may refer to it afterwards (none does). */
    void release() {
        if (pool != null) {
            pool.give(bytes);
        }
    }
}

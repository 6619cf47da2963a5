package io.hearth.spi.ingest;

/** A body that cannot be decoded; the message says what was wrong and is returned to the client. */
public final class MalformedPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unsupportedMediaType;

    private MalformedPayloadException(String message, boolean unsupportedMediaType, Throwable cause) {
        super(message, cause);
        this.unsupportedMediaType = unsupportedMediaType;
    }

    /** @return a 400: the bytes are not what the headers promise */
    public static MalformedPayloadException malformed(String message, Throwable cause) {
        return new MalformedPayloadException(message, false, cause);
    }

    /** @return a 415: the codec recognised the endpoint but not this content type or version */
    public static MalformedPayloadException unsupported(String message) {
        return new MalformedPayloadException(message, true, null);
    }

    /** @return whether the kernel should answer 415 rather than 400 */
    public boolean unsupportedMediaType() {
        return unsupportedMediaType;
    }
}

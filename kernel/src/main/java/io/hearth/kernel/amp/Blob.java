package io.hearth.kernel.amp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The AMP model's blob members (a rule groups namespace's rule file, an alert manager
 * definition): base64 text in the JSON body, required, and at most 1 MiB once decoded.
 */
public final class Blob {

    /** The largest decoded blob AMP accepts. */
    public static final int MAX_BYTES = 1 << 20;

    private Blob() {
    }

    /**
     * Checks and decodes the {@code data} member of a request.
     *
     * @param data the member as sent
     * @param what what the blob holds, with its article ("a rule file"), for the size error
     * @return the decoded bytes as UTF-8 text
     * @throws AmpException a ValidationException when data is missing, not base64, or too large
     */
    public static String decode(String data, String what) {
        if (data == null || data.isEmpty()) {
            throw AmpException.invalidField("data", "data is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw AmpException.validation("CANNOT_PARSE", "data", "data must be base64-encoded");
        }
        if (bytes.length > MAX_BYTES) {
            throw AmpException.invalidField("data", what + " may hold at most " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

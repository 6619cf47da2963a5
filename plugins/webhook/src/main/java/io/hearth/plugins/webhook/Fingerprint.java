package io.hearth.plugins.webhook;

import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;

/**
 * An alert's identity as Alertmanager computes it ({@code model.LabelSet.Fingerprint}): 64-bit
 * FNV-1a over each label's name and value in name order, each followed by the byte {@code 0xff},
 * written as 16 hex digits.
 */
final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private Fingerprint() {
    }

    static String of(Labels labels) {
        long h = OFFSET;
        for (int i = 0; i < labels.size(); i++) {
            h = add(add(h, labels.name(i)), labels.value(i));
        }
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * PRIME;
        }
        return (h ^ SEPARATOR) * PRIME;
    }
}

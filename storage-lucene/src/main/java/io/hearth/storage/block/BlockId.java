package io.hearth.storage.block;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Block ids in the shape of a ULID: 26 characters of Crockford base32, the first ten the creation
 * time in milliseconds (48 bits), the rest 80 random bits. Ids sort by creation time as strings,
 * so a directory listing is in creation order.
 */
public final class BlockId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORM = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlockId() {
    }

    /** A new id for a block created at {@code millis} (wall-clock time). */
    public static String next(long millis) {
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        // 80 bits as 16 five-bit groups
        long hi = ((r[0] & 0xFFL) << 32) | ((r[1] & 0xFFL) << 24) | ((r[2] & 0xFFL) << 16) | ((r[3] & 0xFFL) << 8)
                | (r[4] & 0xFFL);
        long lo = ((r[5] & 0xFFL) << 32) | ((r[6] & 0xFFL) << 24) | ((r[7] & 0xFFL) << 16) | ((r[8] & 0xFFL) << 8)
                | (r[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code s} has the form of a block id (so a directory entry is a block). */
    public static boolean isValid(String s) {
        return FORM.matcher(s).matches();
    }
}

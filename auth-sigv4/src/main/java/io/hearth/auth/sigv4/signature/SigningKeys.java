package io.hearth.auth.sigv4.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives SigV4 signing keys and keeps the recent ones.
 *
 * <p>A signing key is {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
 * "aws4_request")}; it changes once a day per credential, so caching it saves four HMACs on every
 * request. The cache holds at most {@value #MAX_ENTRIES} keys and is emptied when full (a day
 * change or a burst of new keys simply derives again). Thread-safe.
 */
public final class SigningKeys {

    static final int MAX_ENTRIES = 4096;

    private final ConcurrentMap<CacheKey, byte[]> cache = new ConcurrentHashMap<>();

    /**
     * @return the signing key for the scope; the array is shared, callers must not modify it
     */
    public byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        CacheKey key = new CacheKey(secretAccessKey, date, region, service);
        byte[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] derived = derive(secretAccessKey, date, region, service);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, derived);
        return derived;
    }

    /** @return how many keys are cached (for tests) */
    int size() {
        return cache.size();
    }

    /** Derives a signing key without caching it. */
    public static byte[] derive(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** @return HMAC-SHA256 of the UTF-8 bytes of {@code data} under {@code key} */
    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** The cache key; its {@code toString} leaves the secret out. */
    private record CacheKey(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return "CacheKey[" + date + '/' + region + '/' + service + "]";
        }
    }
}

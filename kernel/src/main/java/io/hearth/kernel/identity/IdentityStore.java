package io.hearth.kernel.identity;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.metadata.MetadataDatabase;
import io.hearth.spi.auth.AccessKey;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.auth.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Users, their access keys and their identity policies, kept in the metadata database with
 * secrets sealed by {@link SecretSealer}. Serves authenticators as the spi
 * {@link IdentityDirectory}, from a short-lived in-memory cache so that a signed request costs no
 * database round trip.
 */
@ApplicationScoped
public class IdentityStore implements IdentityDirectory {

    /** The root user's name; it has every permission and cannot be deleted. */
    public static final String ROOT = "root";

    private static final Logger LOG = Logger.getLogger(IdentityStore.class.getName());
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,128}");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final long CACHE_NANOS = Duration.ofSeconds(10).toNanos();
    private static final Duration MIN_SESSION = Duration.ofMinutes(15);
    private static final Duration MAX_SESSION = Duration.ofHours(36);

    private UserRepository users;
    private AccessKeyRepository keys;
    private MetadataDatabase database;
    private ServerSettings settings;
    private SecretSealer sealer;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, Cached<Optional<AccessKey>>> keyCache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Cached<List<String>>> policyCache = new ConcurrentHashMap<>();

    /** For CDI proxies only. */
    protected IdentityStore() {
    }

    @Inject
    IdentityStore(UserRepository users, AccessKeyRepository keys, MetadataDatabase database, ServerSettings settings) {
        this.users = users;
        this.keys = keys;
        this.database = database;
        this.settings = settings;
        Path keyFile = Path.of(settings.config().getValue("hearth.auth.master-key-file", String.class));
        this.sealer = SecretSealer.fromKeyFile(keyFile);
        LOG.info(() -> "identities: secrets sealed with the master key in " + keyFile.toAbsolutePath());
    }

    @Override
    public Optional<AccessKey> accessKey(String accessKeyId) {
        long now = System.nanoTime();
        Cached<Optional<AccessKey>> cached = keyCache.get(accessKeyId);
        if (cached != null && now - cached.loadedAtNanos() < CACHE_NANOS) {
            return cached.value();
        }
        Optional<AccessKey> loaded = keys.findById(accessKeyId).flatMap(this::open);
        keyCache.put(accessKeyId, new Cached<>(loaded, now));
        return loaded;
    }

    /** @return the identity policy documents attached to a user (none for an unknown user) */
    public List<String> policiesOf(String userName) {
        long now = System.nanoTime();
        Cached<List<String>> cached = policyCache.get(userName);
        if (cached != null && now - cached.loadedAtNanos() < CACHE_NANOS) {
            return cached.value();
        }
        List<String> loaded = users.findById(userName)
                .map(u -> u.policies() == null ? List.<String>of() : List.copyOf(u.policies().values()))
                .orElse(List.of());
        policyCache.put(userName, new Cached<>(loaded, now));
        return loaded;
    }

    /** @return whether a principal is the root user of this server */
    public boolean isRoot(Principal principal) {
        return principal.arn().equals(rootArn());
    }

    /** @return every user, by name */
    public List<UserDocument> listUsers() {
        return users.findAll().sorted(java.util.Comparator.comparing(UserDocument::name)).toList();
    }

    /** @return the user */
    public UserDocument describeUser(String name) {
        return users.findById(name).orElseThrow(() -> noSuchUser(name));
    }

    /** Creates a user with no policies and no keys. */
    public synchronized UserDocument createUser(String name) {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw AmpException.invalidField("userName", "userName must be 1 to 64 letters, digits or +=,.@_-");
        }
        if (users.findById(name).isPresent()) {
            throw AmpException.conflict("User", name, "User " + name + " already exists");
        }
        UserDocument user = new UserDocument(name, "arn:aws:iam::" + settings.accountId() + ":user/" + name, Map.of(),
                clock.millis());
        save(user);
        LOG.info(() -> "user " + name + " created");
        return user;
    }

    /** Deletes a user with its keys. */
    public synchronized void deleteUser(String name) {
        if (ROOT.equals(name)) {
            throw AmpException.conflict("User", name, "The root user cannot be deleted");
        }
        describeUser(name);
        for (AccessKeyDocument key : keys.findByUserName(name)) {
            keys.deleteById(key.accessKeyId());
            keyCache.remove(key.accessKeyId());
        }
        users.deleteById(name);
        database.flush();
        policyCache.remove(name);
        LOG.info(() -> "user " + name + " deleted");
    }

    /**
     * Issues a long-term key pair. The secret is returned here once and stored only sealed.
     *
     * @return the key id and secret
     */
    public synchronized IssuedKey createAccessKey(String userName) {
        describeUser(userName);
        return issue(userName, "AKIA", null, null);
    }

    /** Revokes a key at once. */
    public synchronized void deleteAccessKey(String userName, String accessKeyId) {
        AccessKeyDocument key = keys.findById(accessKeyId).filter(k -> k.userName().equals(userName))
                .orElseThrow(() -> AmpException.notFound("AccessKey", accessKeyId,
                        "User " + userName + " has no access key " + accessKeyId));
        keys.deleteById(key.accessKeyId());
        database.flush();
        keyCache.remove(accessKeyId);
        LOG.info(() -> "access key " + accessKeyId + " of " + userName + " revoked");
    }

    /** @return the ids of a user's keys, with their expiry for temporary ones */
    public List<AccessKeyDocument> accessKeysOf(String userName) {
        describeUser(userName);
        return keys.findByUserName(userName);
    }

    /**
     * Issues temporary credentials for a user, as STS GetSessionToken does.
     *
     * @param duration how long they work: 15 minutes to 36 hours
     */
    public synchronized IssuedKey issueSessionCredentials(String userName, Duration duration) {
        if (duration.compareTo(MIN_SESSION) < 0 || duration.compareTo(MAX_SESSION) > 0) {
            throw AmpException.invalidField("durationSeconds", "durationSeconds must be between 900 and 129600");
        }
        describeUser(userName);
        return issue(userName, "ASIA", randomString(SECRET_ALPHABET, 64), clock.instant().plus(duration));
    }

    /** Attaches (or replaces) a named identity policy, already validated by the authorizer. */
    public synchronized void putUserPolicy(String userName, String policyName, String document) {
        if (policyName == null || !POLICY_NAME.matcher(policyName).matches()) {
            throw AmpException.invalidField("policyName", "policyName must be 1 to 128 letters, digits or +=,.@_-");
        }
        save(describeUser(userName).withPolicy(policyName, document));
        policyCache.remove(userName);
    }

    /** Detaches a named identity policy. */
    public synchronized void deleteUserPolicy(String userName, String policyName) {
        UserDocument user = describeUser(userName);
        if (user.policies() == null || !user.policies().containsKey(policyName)) {
            throw AmpException.notFound("Policy", policyName, "User " + userName + " has no policy " + policyName);
        }
        save(user.withPolicy(policyName, null));
        policyCache.remove(userName);
    }

    /**
     * Creates the root user at first start, when there are no users: with the given key pair, or a
     * generated one.
     *
     * @param accessKeyId the root access key id to use, or null to generate one
     * @param secretAccessKey its secret, or null to generate one
     * @return the key pair when the root user was created now; empty when users already existed
     */
    public synchronized Optional<IssuedKey> bootstrapRoot(String accessKeyId, String secretAccessKey) {
        if (users.findAll().findAny().isPresent()) {
            return Optional.empty();
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalStateException("HEARTH_ROOT_ACCESS_KEY_ID and HEARTH_ROOT_SECRET_ACCESS_KEY must be set together");
        }
        save(new UserDocument(ROOT, rootArn(), Map.of(), clock.millis()));
        IssuedKey key = accessKeyId == null
                ? issue(ROOT, "AKIA", null, null)
                : store(new IssuedKey(accessKeyId, secretAccessKey, null, null), ROOT);
        LOG.info(() -> "root user created with access key " + key.accessKeyId());
        return Optional.of(key);
    }

    /** @return the sealer, for the root credentials file */
    SecretSealer sealer() {
        return sealer;
    }

    private String rootArn() {
        return "arn:aws:iam::" + settings.accountId() + ":root";
    }

    private IssuedKey issue(String userName, String prefix, String sessionToken, Instant expiration) {
        return store(new IssuedKey(prefix + randomString(KEY_ALPHABET, 16), randomString(SECRET_ALPHABET, 40),
                sessionToken, expiration), userName);
    }

    private IssuedKey store(IssuedKey key, String userName) {
        if (keys.findById(key.accessKeyId()).isPresent()) {
            throw AmpException.conflict("AccessKey", key.accessKeyId(), "Access key " + key.accessKeyId() + " exists");
        }
        keys.save(new AccessKeyDocument(key.accessKeyId(), userName, sealer.seal(key.secretAccessKey()),
                key.sessionToken() == null ? null : sealer.seal(key.sessionToken()),
                key.expiration() == null ? 0 : key.expiration().toEpochMilli(), clock.millis()));
        database.flush();
        keyCache.remove(key.accessKeyId());
        return key;
    }

    private Optional<AccessKey> open(AccessKeyDocument document) {
        Optional<UserDocument> user = users.findById(document.userName());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Principal principal = new Principal(user.get().name(), user.get().arn(), Map.of());
        String token = document.sealedSessionToken() == null ? null : sealer.open(document.sealedSessionToken());
        Instant expiration = document.expiresAtMillis() == 0 ? null : Instant.ofEpochMilli(document.expiresAtMillis());
        return Optional.of(new AccessKey(document.accessKeyId(), sealer.open(document.sealedSecret()), principal, token,
                expiration));
    }

    private void save(UserDocument user) {
        users.save(user);
        database.flush();
    }

    private String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static AmpException noSuchUser(String name) {
        return AmpException.notFound("User", String.valueOf(name), "User " + name + " does not exist");
    }

    /**
     * A key pair as issued: the only moment its secret is seen in clear outside a signature check.
     *
     * @param accessKeyId the id
     * @param secretAccessKey the secret
     * @param sessionToken the session token of temporary credentials, or null
     * @param expiration the expiry of temporary credentials, or null
     */
    public record IssuedKey(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

        @Override
        public String toString() {
            return "IssuedKey[" + accessKeyId + "]";
        }
    }

    private record Cached<T>(T value, long loadedAtNanos) {
    }
}

package io.hearth.kernel.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * {@code <data-dir>/root-credentials}: the root key pair, kept so that an operator can show it
 * again with {@code bin/hearth root-credentials}. Owner-only, and the secret is sealed with the
 * master key (which lives outside the data directory), so the file alone reveals nothing.
 */
public final class RootCredentialsFile {

    static final String FILE_NAME = "root-credentials";

    private RootCredentialsFile() {
    }

    /** Writes the file once, owner-readable only. */
    static void write(Path dataDirectory, IdentityStore.IssuedKey key, SecretSealer sealer) {
        Path file = dataDirectory.resolve(FILE_NAME);
        String text = "# Hearth root credentials. Show them with: bin/hearth root-credentials\n"
                + "aws_access_key_id=" + key.accessKeyId() + "\n"
                + "aws_secret_access_key_sealed=" + sealer.seal(key.secretAccessKey()) + "\n";
        try {
            Files.createDirectories(dataDirectory);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads the file and opens the secret.
     *
     * @return the access key id and secret, as {@code aws configure} lines
     */
    public static String show(Path dataDirectory, Path masterKeyFile) {
        Path file = dataDirectory.resolve(FILE_NAME);
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (has Hearth started once with this data directory?)", e);
        }
        SecretSealer sealer = SecretSealer.fromKeyFile(masterKeyFile);
        return "aws_access_key_id = " + properties.getProperty("aws_access_key_id") + "\n"
                + "aws_secret_access_key = " + sealer.open(properties.getProperty("aws_secret_access_key_sealed")) + "\n";
    }
}

package io.hearth.kernel.metadata;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.hearth.kernel.config.ServerSettings;
import jakarta.annotation.Priority;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.mapping.Database;
import org.eclipse.jnosql.mapping.DatabaseType;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentConfiguration;
import org.h2.mvstore.MVStore;

/**
 * Where Hearth keeps its metadata (workspaces, their configuration and tags): a MongoDB database
 * reached through Eclipse JNoSQL.
 *
 * <p>With {@code hearth.metadata.mongodb.url} unset, an embedded MongoDB wire-protocol server
 * (mongo-java-server over an H2 MVStore file under {@code <data-dir>/metadata/}) listens on
 * 127.0.0.1 only, so a single process needs nothing else. With it set, Hearth uses that external
 * MongoDB (or a compatible service), which several Hearth processes can share.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class MetadataDatabase {

    private static final Logger LOG = Logger.getLogger(MetadataDatabase.class.getName());

    private MongoServer embeddedServer;
    private H2Backend embeddedBackend;
    private MongoClient client;
    private DatabaseManager manager;

    /** For CDI proxies only. */
    protected MetadataDatabase() {
    }

    @Inject
    MetadataDatabase(ServerSettings settings) {
        String url = settings.config().getOptionalValue("hearth.metadata.mongodb.url", String.class).orElse("");
        String database = settings.config().getValue("hearth.metadata.database", String.class);
        if (url.isBlank()) {
            Path directory = settings.dataDirectory().resolve("metadata");
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create metadata directory " + directory, e);
            }
            Path file = directory.resolve("metadata.mv");
            MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            embeddedBackend = new H2Backend(store);
            embeddedServer = new MongoServer(embeddedBackend);
            try (ServerSocket httpPort = HttpPortReservation.hold(settings.config())) {
                // The store takes a port the system picks, which can be the HTTP port when that is
                // in the ephemeral range (as in tests): Helidon, binding later, would then fail.
                url = embeddedServer.bindAndGetConnectionString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LOG.info(() -> "metadata: embedded store at " + file);
        } else {
            LOG.info("metadata: external MongoDB at " + redact(url));
        }
        client = MongoClients.create(url);
        manager = new MongoDBDocumentConfiguration().get(client).apply(database);
    }

    /**
     * The JNoSQL database manager behind Hearth's Jakarta Data repositories.
     *
     * @return the manager
     */
    @Produces
    @ApplicationScoped
    @Database(DatabaseType.DOCUMENT)
    public DatabaseManager databaseManager() {
        return manager;
    }

    /**
     * Makes every write so far durable before the caller acknowledges it. An external MongoDB
     * acknowledges with its own write concern; the embedded store commits and syncs its file.
     */
    public void flush() {
        if (embeddedBackend != null) {
            synchronized (this) {
                embeddedBackend.commit();
                embeddedBackend.getMvStore().sync();
            }
        }
    }

    @PreDestroy
    void close() {
        flush();
        if (client != null) {
            client.close();
        }
        if (embeddedServer != null) {
            embeddedServer.shutdownNow();
        }
        if (embeddedBackend != null) {
            embeddedBackend.close();
        }
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}

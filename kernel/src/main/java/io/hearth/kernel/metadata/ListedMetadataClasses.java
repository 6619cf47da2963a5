package io.hearth.kernel.metadata;

import io.hearth.kernel.alertmanager.AlertManagerDefinitionDocument;
import io.hearth.kernel.alertmanager.AlertManagerDefinitionRepository;
import io.hearth.kernel.identity.AccessKeyDocument;
import io.hearth.kernel.identity.AccessKeyRepository;
import io.hearth.kernel.identity.UserDocument;
import io.hearth.kernel.identity.UserRepository;
import io.hearth.kernel.rules.RuleGroupsNamespaceDocument;
import io.hearth.kernel.rules.RuleGroupsNamespaceRepository;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRepository;
import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.CrudRepository;
import jakarta.data.repository.DataRepository;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.jnosql.mapping.NoSQLRepository;
import org.eclipse.jnosql.mapping.metadata.ClassScanner;

/**
 * The metadata documents and repositories, named here so that JNoSQL need not find them. Its own
 * scanner reads every class file of every JAR on the class path (about 20,000 classes in 170
 * JARs), a third of the CPU a start costs. Registered as the {@link ClassScanner} service, first
 * on the class path ({@code bin/hearth} puts the kernel's JAR first; JNoSQL takes the first
 * provider). {@code ListedMetadataClassesTest} checks that this list is what the scan finds.
 */
public final class ListedMetadataClasses implements ClassScanner {

    private static final Logger LOG = Logger.getLogger(ListedMetadataClasses.class.getName());

    static final Set<Class<?>> ENTITIES = Set.of(WorkspaceDocument.class, UserDocument.class, AccessKeyDocument.class,
            RuleGroupsNamespaceDocument.class, AlertManagerDefinitionDocument.class);
    static final Set<Class<?>> REPOSITORIES = Set.of(WorkspaceRepository.class, UserRepository.class,
            AccessKeyRepository.class, RuleGroupsNamespaceRepository.class, AlertManagerDefinitionRepository.class);

    /** The standard repository interfaces, as JNoSQL tells them from custom ones. */
    private static final List<Class<?>> STANDARD = List.of(CrudRepository.class, BasicRepository.class,
            NoSQLRepository.class, DataRepository.class);

    /** Instantiated by {@link java.util.ServiceLoader}. */
    public ListedMetadataClasses() {
        LOG.info(() -> "metadata: " + ENTITIES.size() + " document classes and " + REPOSITORIES.size()
                + " repositories, as listed (no class-path scan)");
    }

    @Override
    public Set<Class<?>> entities() {
        return ENTITIES;
    }

    @Override
    public Set<Class<?>> repositories() {
        return REPOSITORIES;
    }

    @Override
    public Set<Class<?>> embeddables() {
        return Set.of();
    }

    @Override
    public <T extends DataRepository<?, ?>> Set<Class<?>> repositories(Class<T> filter) {
        return REPOSITORIES.stream().filter(r -> directlyExtends(r, filter)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<Class<?>> repositoriesStandard() {
        return REPOSITORIES.stream().filter(r -> STANDARD.stream().anyMatch(s -> directlyExtends(r, s)))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<Class<?>> customRepositories() {
        return Set.of();
    }

    private static boolean directlyExtends(Class<?> repository, Class<?> type) {
        return Arrays.asList(repository.getInterfaces()).contains(type);
    }
}

package io.hearth.kernel.rules;

import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;
import java.util.List;

/** The Jakarta Data repository of rule groups namespaces. */
@Repository
public interface RuleGroupsNamespaceRepository extends BasicRepository<RuleGroupsNamespaceDocument, String> {

    /** @return the namespaces of one workspace */
    List<RuleGroupsNamespaceDocument> findByWorkspaceId(String workspaceId);
}

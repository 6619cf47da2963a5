package io.hearth.kernel.workspace;

import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;
import java.util.List;

/** The Jakarta Data repository of workspace documents. */
@Repository
public interface WorkspaceRepository extends BasicRepository<WorkspaceDocument, String> {

    /**
     * @param clientToken a CreateWorkspace idempotency token
     * @return the workspaces created with it (at most one)
     */
    List<WorkspaceDocument> findByClientToken(String clientToken);
}

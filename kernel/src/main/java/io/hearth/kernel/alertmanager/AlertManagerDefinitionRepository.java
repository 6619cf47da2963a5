package io.hearth.kernel.alertmanager;

import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;

/** The Jakarta Data repository of alert manager definitions, by workspace id. */
@Repository
public interface AlertManagerDefinitionRepository extends BasicRepository<AlertManagerDefinitionDocument, String> {
}

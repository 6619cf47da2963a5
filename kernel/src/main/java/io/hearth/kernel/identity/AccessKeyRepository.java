package io.hearth.kernel.identity;

import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;
import java.util.List;

/** The Jakarta Data repository of access keys. */
@Repository
public interface AccessKeyRepository extends BasicRepository<AccessKeyDocument, String> {

    /** @return the keys of one user */
    List<AccessKeyDocument> findByUserName(String userName);
}

package io.hearth.kernel.identity;

import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;

/** The Jakarta Data repository of users. */
@Repository
public interface UserRepository extends BasicRepository<UserDocument, String> {
}

package io.hearth.kernel.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.CrudRepository;
import jakarta.data.repository.DataRepository;
import org.eclipse.jnosql.mapping.NoSQLRepository;
import org.eclipse.jnosql.mapping.metadata.ClassScanner;
import org.eclipse.jnosql.mapping.reflection.ReflectionClassScanner;
import org.junit.jupiter.api.Test;

class ListedMetadataClassesTest {

    /** JNoSQL's own scanner reads the whole class path: a document or repository left out of the list fails here. */
    @Test
    void theListIsWhatJnosqlsClassPathScanFinds() {
        ClassScanner scanned = new ReflectionClassScanner();
        ClassScanner listed = new ListedMetadataClasses();
        assertEquals(scanned.entities(), listed.entities());
        assertEquals(scanned.embeddables(), listed.embeddables());
        assertEquals(scanned.repositories(), listed.repositories());
        assertEquals(scanned.customRepositories(), listed.customRepositories());
        assertEquals(scanned.repositoriesStandard(), listed.repositoriesStandard());
        assertEquals(scanned.repositories(BasicRepository.class), listed.repositories(BasicRepository.class));
        assertEquals(scanned.repositories(CrudRepository.class), listed.repositories(CrudRepository.class));
        assertEquals(scanned.repositories(DataRepository.class), listed.repositories(DataRepository.class));
        assertEquals(scanned.repositories(NoSQLRepository.class), listed.repositories(NoSQLRepository.class));
    }

    @Test
    void jnosqlTakesTheListWhenTheKernelComesFirstOnTheClassPath() {
        assertInstanceOf(ListedMetadataClasses.class, ClassScanner.load());
    }
}

package io.hearth.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.helidon.common.GenericType;
import io.helidon.common.mapper.MapperManager;
import org.junit.jupiter.api.Test;

class GlobalHeaderMappersTest {

    @Test
    void afterPinningEveryLookUpGivesTheSameManagerAndHeadersStillConvert() {
        GlobalHeaderMappers.pin();
        GlobalHeaderMappers.pin(); // a second server in the same process changes nothing
        MapperManager first = MapperManager.global();
        assertSame(first, MapperManager.global(), "one instance, not one per look-up");
        assertEquals(12345L, first.map("12345", GenericType.STRING, GenericType.create(Long.class), "http", "header"));
    }
}

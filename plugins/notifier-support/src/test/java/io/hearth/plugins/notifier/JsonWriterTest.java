package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void placesCommasAndNests() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").beginObject().endObject().beginArray().endArray().value(2).endArray()
                .name("c").value(Labels.of("z", "1", "y", "2"))
                .name("d").value(Labels.EMPTY)
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",{},[],2],\"c\":{\"y\":\"2\",\"z\":\"1\"},\"d\":{}}", json);
    }

    @Test
    void escapesWhatJsonRequiresAndParsesBack() {
        String nasty = "quote\" backslash\\ newline\n tab\t cr\r nul\u0000 bell\u0007 sep\u2028 é 日本 🔥 </script>";
        byte[] bytes = new JsonWriter().beginObject().name(nasty).value(nasty).endObject().toBytes();
        var parsed = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(nasty, parsed.get(nasty).getAsString());
        assertEquals(1, parsed.size());
    }
}

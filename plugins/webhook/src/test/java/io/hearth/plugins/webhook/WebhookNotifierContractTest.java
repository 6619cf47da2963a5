package io.hearth.plugins.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.hearth.plugins.notifier.NotifierContractTest;
import io.hearth.spi.rules.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The notifier contract, run against the {@code webhook} notifier as its factory builds it. */
class WebhookNotifierContractTest extends NotifierContractTest {

    @Override
    protected Notifier create(Map<String, String> properties) {
        return WebhookNotifierTest.create(properties);
    }

    @Override
    protected List<String> names(String body) {
        List<String> names = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("alerts")) {
            names.add(e.getAsJsonObject().getAsJsonObject("labels").get("alertname").getAsString());
        }
        return names;
    }

    @Override
    protected String postPath(String urlPath) {
        return urlPath;
    }
}

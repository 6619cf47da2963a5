package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code alertmanagerUrls}, Hearth's extension of UpdateWorkspaceConfiguration: the Alertmanager
 * base URLs a workspace's alerts go to instead of the server's {@code hearth.alertmanager.urls}.
 * An empty list goes back to the server's.
 */
final class AlertmanagerUrls {

    static final int MAX = 10;

    private AlertmanagerUrls() {
    }

    /**
     * @param value the member as sent, or null when absent
     * @return the URLs, or null when the member was absent
     * @throws AmpException a ValidationException for anything but a list of at most ten absolute
     *     http or https URLs
     */
    static List<String> parse(JsonValue value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX) {
            throw AmpException.invalidField("alertmanagerUrls", "alertmanagerUrls must be a list of at most " + MAX + " URLs");
        }
        List<String> urls = new ArrayList<>(array.size());
        for (JsonValue item : array) {
            if (!(item instanceof JsonString text) || !valid(text.getString())) {
                throw AmpException.invalidField("alertmanagerUrls",
                        "alertmanagerUrls must hold absolute http or https URLs, not " + item);
            }
            urls.add(text.getString());
        }
        return List.copyOf(urls);
    }

    private static boolean valid(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

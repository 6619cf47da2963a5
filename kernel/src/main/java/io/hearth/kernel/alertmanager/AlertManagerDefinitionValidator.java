package io.hearth.kernel.alertmanager;

import io.hearth.kernel.amp.AmpException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Checks an alert manager definition in AMP's format: a YAML mapping with
 * {@code alertmanager_config}, the text of an Alertmanager configuration, and optionally
 * {@code template_files}, template names to their text. The configuration must be a mapping
 * with a {@code route} naming a default {@code receiver} and a list of {@code receivers}, each
 * named once, and every receiver a route names must exist (Alertmanager's own load checks).
 */
final class AlertManagerDefinitionValidator {

    private static final Set<String> TOP_KEYS = Set.of("alertmanager_config", "template_files");

    private AlertManagerDefinitionValidator() {
    }

    /**
     * @param text the decoded definition
     * @throws AmpException a ValidationException naming the first problem
     */
    static void validate(String text) {
        Object root = yaml(text, "the alert manager definition");
        if (!(root instanceof Map<?, ?> definition)) {
            throw invalid("the alert manager definition must be a YAML mapping with the key alertmanager_config");
        }
        for (Object key : definition.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                throw invalid("field " + key + " not found in the alert manager definition"
                        + " (expected alertmanager_config and optionally template_files)");
            }
        }
        if (!(definition.get("alertmanager_config") instanceof String config) || config.isBlank()) {
            throw invalid("alertmanager_config must be set to the text of an Alertmanager configuration");
        }
        Object templates = definition.get("template_files");
        if (templates != null) {
            if (!(templates instanceof Map<?, ?> files)) {
                throw invalid("template_files must map template names to their text");
            }
            for (Map.Entry<?, ?> file : files.entrySet()) {
                if (!(file.getKey() instanceof String) || !(file.getValue() instanceof String)) {
                    throw invalid("template_files must map template names to their text; " + file.getKey() + " does not");
                }
            }
        }
        configuration(yaml(config, "alertmanager_config"));
    }

    private static void configuration(Object parsed) {
        if (!(parsed instanceof Map<?, ?> config)) {
            throw invalid("alertmanager_config must be a YAML mapping");
        }
        if (!(config.get("receivers") instanceof List<?> receivers)) {
            throw invalid("alertmanager_config: receivers must be a list");
        }
        Set<String> names = new HashSet<>();
        for (Object item : receivers) {
            if (!(item instanceof Map<?, ?> receiver) || !(receiver.get("name") instanceof String name) || name.isEmpty()) {
                throw invalid("alertmanager_config: missing name in receiver");
            }
            if (!names.add(name)) {
                throw invalid("alertmanager_config: notification config name \"" + name + "\" is not unique");
            }
        }
        if (!(config.get("route") instanceof Map<?, ?> route)) {
            throw invalid("alertmanager_config: no route provided in config");
        }
        if (!(route.get("receiver") instanceof String receiver) || receiver.isEmpty()) {
            throw invalid("alertmanager_config: root route must specify a default receiver");
        }
        routes(route, names);
    }

    private static void routes(Map<?, ?> route, Set<String> receivers) {
        Object receiver = route.get("receiver");
        if (receiver instanceof String name && !receivers.contains(name)) {
            throw invalid("alertmanager_config: undefined receiver \"" + name + "\" used in route");
        }
        Object children = route.get("routes");
        if (children == null) {
            return;
        }
        if (!(children instanceof List<?> list)) {
            throw invalid("alertmanager_config: routes must be a list");
        }
        for (Object child : list) {
            if (!(child instanceof Map<?, ?> map)) {
                throw invalid("alertmanager_config: a route must be a mapping");
            }
            routes(map, receivers);
        }
    }

    private static Object yaml(String text, String what) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw invalid(what + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static AmpException invalid(String message) {
        return AmpException.invalidField("data", message);
    }
}

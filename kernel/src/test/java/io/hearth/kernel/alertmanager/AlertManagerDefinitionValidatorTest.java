package io.hearth.kernel.alertmanager;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.kernel.amp.AmpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alert manager definitions in AMP's format: what is accepted, and the message of each refusal. */
class AlertManagerDefinitionValidatorTest {

    @Test
    void acceptsAmpsDocumentedExampleWithTemplatesAndNestedRoutes() {
        assertDoesNotThrow(() -> AlertManagerDefinitionValidator.validate("""
                template_files:
                  default_template: |
                    {{ define "sns.default.message" }}{{ .CommonLabels.alertname }}{{ end }}
                alertmanager_config: |
                  templates:
                    - 'default_template'
                  route:
                    receiver: 'default'
                    routes:
                      - matchers: ['severity="page"']
                        receiver: pager
                  receivers:
                    - name: 'default'
                      sns_configs:
                        - topic_arn: arn:aws:sns:us-east-2:123456789012:My-Topic
                          sigv4:
                            region: us-east-2
                    - name: pager
                """));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            'alertmanager_config: ['                                                  | the alert manager definition is not valid YAML
            '[1]'                                                                     | the alert manager definition must be a YAML mapping
            'route: {receiver: a}'                                                    | field route not found in the alert manager definition
            'template_files: {}'                                                      | alertmanager_config must be set
            'alertmanager_config: {route: {}}'                                        | alertmanager_config must be set
            'alertmanager_config: "x: ["'                                             | alertmanager_config is not valid YAML
            'alertmanager_config: "just text"'                                        | alertmanager_config must be a YAML mapping
            'alertmanager_config: "route: {receiver: a}"'                             | alertmanager_config: receivers must be a list
            'alertmanager_config: "receivers: [{}]"'                                  | alertmanager_config: missing name in receiver
            'alertmanager_config: "receivers: [{name: a}, {name: a}]"'                | alertmanager_config: notification config name "a" is not unique
            'alertmanager_config: "receivers: [{name: a}]"'                           | alertmanager_config: no route provided in config
            'alertmanager_config: "{route: {}, receivers: [{name: a}]}"'              | alertmanager_config: root route must specify a default receiver
            'alertmanager_config: "{route: {receiver: b}, receivers: [{name: a}]}"'   | alertmanager_config: undefined receiver "b" used in route
            'alertmanager_config: "{route: {receiver: a, routes: [{receiver: c}]}, receivers: [{name: a}]}"' | alertmanager_config: undefined receiver "c" used in route
            'alertmanager_config: "{route: {receiver: a}, receivers: [{name: a}]}"
            template_files: [x]'                                                      | template_files must map template names to their text
            """)
    void refusesWithAValidationExceptionOnData(String definition, String message) {
        AmpException e = assertThrows(AmpException.class, () -> AlertManagerDefinitionValidator.validate(definition));
        assertEquals("ValidationException", e.type());
        String actual = e.body().getString("message");
        assertTrue(actual.startsWith(message), () -> "expected <" + message + "...>, got <" + actual + ">");
    }
}

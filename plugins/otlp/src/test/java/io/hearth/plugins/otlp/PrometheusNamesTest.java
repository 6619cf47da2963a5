package io.hearth.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.plugins.otlp.PrometheusNames.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The naming rules, as tables: OTLP name, unit and kind in, Prometheus name out. */
class PrometheusNamesTest {

    @ParameterizedTest(name = "{0} [{1}] as {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // name                           | unit        | kind      | Prometheus name
        "http.server.request.duration     | s           | HISTOGRAM | http_server_request_duration_seconds",
        "response_time                    | ms          | GAUGE     | response_time_milliseconds",
        "memory_usage                     | By          | GAUGE     | memory_usage_bytes",
        "cache_size                       | KiBy        | GAUGE     | cache_size_kibibytes",
        "uptime                           | d           | GAUGE     | uptime_days",
        "latency                          | us          | GAUGE     | latency_microseconds",
        "temperature                      | Cel         | GAUGE     | temperature_celsius",
        "disk.utilization                 | %           | GAUGE     | disk_utilization_percent",
        "cpu_usage                        | 1           | GAUGE     | cpu_usage_ratio",
        "cpu_usage_ratio                  | 1           | GAUGE     | cpu_usage_ratio",
        "items                            | 1           | COUNTER   | items_total",
        "pool.share                       | 1           | NON_MONOTONIC_SUM | pool_share",
        "throughput                       | By/s        | GAUGE     | throughput_bytes_per_second",
        "requests                         | 1/s         | GAUGE     | requests_per_second",
        "requests                         | 1/s         | COUNTER   | requests_per_second_total",
        "requests                         | {request}   | COUNTER   | requests_total",
        "custom_metric                    | By/{custom} | GAUGE     | custom_metric_bytes",
        "custom_metric                    | custom_unit | GAUGE     | custom_metric_custom_unit",
        "custom_metric                    | unit@with#special/chars | GAUGE | custom_metric_unit_with_special_per_chars",
        "requests                         | ''          | COUNTER   | requests_total",
        "requests_total                   | ''          | COUNTER   | requests_total",
        "total_requests                   | ''          | COUNTER   | requests_total",
        "cpu_seconds_total                | s           | COUNTER   | cpu_seconds_total",
        "response_time_seconds            | s           | GAUGE     | response_time_seconds",
        "queue.size                       | ''          | GAUGE     | queue_size",
        "metric__with__double__underscores | ''         | GAUGE     | metric_with_double_underscores",
        "metric@@##$$name                 | ''          | GAUGE     | metric_name",
        "123metric                        | ''          | GAUGE     | _123metric",
        "ns:metric.name                   | ''          | GAUGE     | ns:metric_name",
        "@#$%                             | ''          | GAUGE     | ''",
        "rpc.duration                     | ms          | SUMMARY   | rpc_duration_milliseconds",
        "active_connections               | ''          | GAUGE     | active_connections",
        "active_connections               | {connection} | GAUGE    | active_connections",
    })
    void metricNames(String name, String unit, Kind kind, String expected) {
        assertEquals(expected, PrometheusNames.metricName(name, unit, kind));
    }

    @ParameterizedTest(name = "unit {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "s          | seconds",
        "By/s       | bytes_per_second",
        "1/s        | per_second",
        "1          | ''",
        "{packets}  | ''",
        "''         | ''",
        "m/h        | meters_per_hour",
    })
    void units(String unit, String expected) {
        assertEquals(expected, PrometheusNames.unit(unit));
    }

    @ParameterizedTest(name = "attribute {0} -> label {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "http.method      | http_method",
        "http.route       | http_route",
        "k8s-pod-name     | k8s_pod_name",
        "already_valid    | already_valid",
        "2xx              | key_2xx",
        "_private         | key_private",
        "__reserved       | __reserved",
        "name:with:colon  | name_with_colon",
        "ünïcode          | key_n_code",
        "label!with&special$chars) | label_with_special_chars_",
        "foreign_字符      | foreign___",
        "emoji_😀         | emoji__",
        "ようこそ            | ''",
        "__               | ''",
        "_                | key_",
        "''               | ''",
    })
    void labelNames(String key, String expected) {
        assertEquals(expected, PrometheusNames.labelName(key));
    }
}

package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.kernel.amp.ErrorResponse;
import org.junit.jupiter.api.Test;

/** Errors on the wire as Prometheus writes them, byte for byte. */
class PrometheusApiExceptionTest {

    @Test
    void angleBracketsAmpersandsAndSeparatorsAreEscapedAsGoEscapesThem() {
        ErrorResponse answer = PrometheusApiException.invalidParameter("match[]",
                "1:4: parse error: unexpected <offset> & \u2028\u2029 \"x\"").answer();
        assertEquals(400, answer.status());
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\":"
                + " 1:4: parse error: unexpected \\u003coffset\\u003e \\u0026 \\u2028\\u2029 \\\"x\\\"\"}", answer.body());
    }

    @Test
    void otherTextIsLeftAsJsonPWritesIt() {
        assertEquals("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query execution\"}",
                new PrometheusApiException("timeout", "query timed out in query execution").answer().body());
    }
}

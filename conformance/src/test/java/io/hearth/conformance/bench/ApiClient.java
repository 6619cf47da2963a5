package io.hearth.conformance.bench;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Calls to a Prometheus-compatible HTTP API (Hearth's per-workspace one, VictoriaMetrics's,
 * Prometheus's), timed from sending the request to the last byte of the answer; the answer is
 * parsed only after the clock stops. No {@code Accept-Encoding}, so every system sends plain JSON.
 */
final class ApiClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What a query answered: its time, the number of series in {@code data.result}, the number
     * of sample values and their sum (finite values only), or the error.
     */
    record Answer(long nanos, int status, int series, long points, double sum, String error, String body) {
        boolean ok() {
            return error == null;
        }
    }

    private ApiClient() {
    }

    /** An instant query at {@code timeMillis}. */
    static Answer query(String apiBase, String expr, long timeMillis) {
        return get(apiBase + "/query?query=" + encode(expr) + "&time=" + seconds(timeMillis));
    }

    /** A range query from {@code startMillis} to {@code endMillis} every {@code stepSeconds}. */
    static Answer queryRange(String apiBase, String expr, long startMillis, long endMillis, int stepSeconds, String extra) {
        return get(queryRangeUrl(apiBase, expr, startMillis, endMillis, stepSeconds) + extra);
    }

    /** The range query's URL, for {@link #status}. */
    static String queryRangeUrl(String apiBase, String expr, long startMillis, long endMillis, int stepSeconds) {
        return apiBase + "/query_range?query=" + encode(expr) + "&start=" + seconds(startMillis) + "&end="
                + seconds(endMillis) + "&step=" + stepSeconds;
    }

    /**
     * The HTTP status of a GET, once every byte of the answer has arrived, without parsing it: for
     * calls timed together, where parsing one answer would delay taking the next.
     *
     * @return the status, or 0 when the call failed
     */
    static int status(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build();
        try {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - t0;
            return parse(nanos, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, 0, 0, 0, 0, e.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of a JSON body; @return the status and body */
    static HttpResponse<String> post(String url, String json) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plain GET; @return the body, failing on a status other than 200 */
    static String text(String url) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the value of an unlabelled sample in a Prometheus text exposition, or NaN */
    static double metric(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim().split(" ")[0]);
            }
        }
        return Double.NaN;
    }

    /**
     * The sum of every sample of {@code name}, whatever its labels, whose line contains
     * {@code fragment} ("" for all) in a text exposition; 0 when there is none.
     */
    static double metricSum(String exposition, String name, String fragment) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(fragment)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Polls {@code url} until it answers 200. */
    static void awaitUp(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not come up within " + timeout);
    }

    private static Answer parse(long nanos, int status, byte[] body) {
        int series = 0;
        long points = 0;
        double sum = 0;
        String error = null;
        String resultStatus = null;
        Deque<String> containers = new ArrayDeque<>();
        String key = null;
        int valuesDepth = -1;
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case KEY_NAME -> {
                        key = parser.getString();
                        if (key.equals("metric") && containers.size() == 4) {
                            series++; // {"data":{"result":[{"metric":...
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        if (valuesDepth < 0 && containers.size() == 4 && ("values".equals(key) || "value".equals(key))) {
                            valuesDepth = containers.size();
                        }
                        containers.push(key == null ? "" : key);
                        key = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        containers.pop();
                        if (containers.size() == valuesDepth) {
                            valuesDepth = -1;
                        }
                    }
                    case VALUE_STRING -> {
                        if (valuesDepth >= 0) {
                            points++;
                            double v = Double.parseDouble(parser.getString().replace("Inf", "Infinity"));
                            if (Double.isFinite(v)) {
                                sum += v;
                            }
                        } else if (containers.size() == 1 && "status".equals(key)) {
                            resultStatus = parser.getString();
                        } else if (containers.size() == 1 && "error".equals(key)) {
                            error = parser.getString();
                        }
                        key = null;
                    }
                    default -> key = null;
                }
            }
        } catch (RuntimeException unparsable) {
            error = "unparsable answer: " + unparsable.getMessage();
        }
        if (status != 200 || !"success".equals(resultStatus)) {
            error = "HTTP " + status + (error == null ? "" : ": " + error);
        }
        String small = body.length < 4096 ? new String(body, StandardCharsets.UTF_8) : "";
        return new Answer(nanos, status, series, points, sum, error, small);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String seconds(long millis) {
        return millis / 1000 + "." + String.format("%03d", millis % 1000);
    }
}

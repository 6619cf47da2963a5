package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * Fuzz-style robustness of the write path: valid remote write 1.0, 2.0, OTLP protobuf and OTLP JSON
 * bodies, mutated from a seed (bit flips, inserted and deleted bytes, truncation, random varints,
 * corrupted length prefixes, broken snappy and gzip framing, stray JSON tokens), each POSTed to a
 * real server. Every answer must be 2xx or 4xx, never 5xx nor a dropped connection; the server must
 * stay up, and what it stored before must be intact.
 *
 * <p>The seed is printed; {@code -Dhearth.fuzz.seed=N} replays a run and {@code -Dhearth.fuzz.cases=N}
 * sets the number of bodies per format (default 750). A failing body is also written under
 * {@code target/fuzz-failures/}.
 */
class IngestFuzzTest {

    private static final int CASES = Integer.getInteger("hearth.fuzz.cases", 750);

    @TempDir
    Path temp;

    private record Format(String name, String path, String contentType, byte[] raw, boolean snappy, boolean json,
            java.util.function.Function<Random, byte[]> odd) {
    }

    @Test
    void mutatedBodiesGet4xxNever5xxAndStoredDataSurvives() throws Exception {
        long seed = Long.getLong("hearth.fuzz.seed", System.nanoTime());
        System.out.println("IngestFuzzTest seed " + seed + " (replay with -Dhearth.fuzz.seed=" + seed + ")");
        long now = System.currentTimeMillis();
        long baselineTime = (now / 1000 - 120) * 1000;
        long t = (now / 1000 - 60) * 1000;
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            String api = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";

            String[][] baseline = new String[50][];
            for (int i = 0; i < baseline.length; i++) {
                baseline[i] = new String[] {"__name__", "fuzz_baseline", "i", Integer.toString(i)};
            }
            given().contentType(IngestPayloads.V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1(baselineTime, 42, baseline)).post(api + "/remote_write").then().statusCode(204);
            Map<String, String> before = baseline(api, baselineTime);
            assertEquals("50", before.get("series"));
            assertEquals(51, before.size(), "50 values and the series count");

            List<Format> formats = List.of(
                    new Format("remote-write-1.0", "/remote_write", IngestPayloads.V1, IngestPayloads.v1(t), true, false,
                            r -> RandomPayloads.v1(t, r)),
                    new Format("remote-write-2.0", "/remote_write", IngestPayloads.V2, IngestPayloads.v2(t), true, false,
                            r -> RandomPayloads.v2(t, r)),
                    new Format("otlp-protobuf", "/otlp/v1/metrics", IngestPayloads.OTLP_PROTOBUF,
                            IngestPayloads.otlp(t).toByteArray(), false, false, r -> RandomPayloads.otlp(t, r).toByteArray()),
                    new Format("otlp-json", "/otlp/v1/metrics", IngestPayloads.OTLP_JSON,
                            IngestPayloads.otlpJson(IngestPayloads.otlp(t)), false, true,
                            r -> IngestPayloads.otlpJson(RandomPayloads.otlp(t, r))));

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            long started = System.nanoTime();
            int total = CASES * formats.size();
            for (int c = 0; c < total; c++) {
                Format format = formats.get(c % formats.size());
                Random random = new Random(seed * 1_000_003L + c);
                String[] encoding = new String[1];
                PayloadMutator.Mutation mutation = mutate(format, random, encoding);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + format.path()))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", format.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(mutation.body()));
                if (encoding[0] != null) {
                    request.header("Content-Encoding", encoding[0]);
                }
                int status;
                String answer;
                try {
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    answer = response.body();
                } catch (IOException e) {
                    status = -1;
                    answer = e.toString();
                }
                statuses.computeIfAbsent(format.name(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
                if (status < 200 || status >= 500) {
                    Path saved = Path.of("target", "fuzz-failures", seed + "-" + c + ".bin");
                    Files.createDirectories(saved.getParent());
                    Files.write(saved, mutation.body());
                    failures.add("case " + c + " " + format.name() + " (" + mutation.description() + ", encoding "
                            + encoding[0] + ") -> " + status + " " + answer.strip().lines().findFirst().orElse("")
                            + " [body in " + saved + "]");
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("IngestFuzzTest: %d bodies in %d ms, statuses by format %s%n", total, millis, statuses);

            assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures.size() + " bodies got 5xx or no answer:\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))) + "\nserver errors:\n"
                    + severe(hearth.log()));
            assertTrue(hearth.process().isAlive(), "the server is still running");
            given().get(hearth.baseUrl() + "/-/healthy").then().statusCode(200);
            assertEquals(before, baseline(api, baselineTime), "the series stored before the fuzzing are intact");
            given().contentType(IngestPayloads.V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1(t + 5000, 1, new String[] {"__name__", "fuzz_after"})).post(api + "/remote_write")
                    .then().statusCode(204);
        }
    }

    /** A mutated body, mostly of the decompressed payload, sometimes of its compressed framing. */
    private static PayloadMutator.Mutation mutate(Format format, Random random, String[] encoding) {
        if (random.nextInt(4) == 0) {
            // A quarter: well-formed bodies with senseless values, to reach translation, validation and storage.
            byte[] odd = format.odd().apply(random);
            if (format.snappy()) {
                encoding[0] = "snappy";
                return new PayloadMutator.Mutation("well-formed, odd values", IngestPayloads.snappy(odd));
            }
            return new PayloadMutator.Mutation("well-formed, odd values", odd);
        }
        if (format.snappy()) {
            encoding[0] = "snappy";
            if (random.nextInt(10) < 7) {
                PayloadMutator.Mutation inner = PayloadMutator.protobuf(format.raw(), random);
                return new PayloadMutator.Mutation(inner.description() + ", then snappy", IngestPayloads.snappy(inner.body()));
            }
            byte[] compressed = IngestPayloads.snappy(format.raw());
            StringBuilder what = new StringBuilder("snappy: ");
            byte[] body = switch (random.nextInt(6)) {
                case 0 -> PayloadMutator.flipBits(compressed, random, what);
                case 1 -> PayloadMutator.truncate(compressed, random, what);
                case 2 -> {
                    // The preamble is the uncompressed length as a varint: claim another one.
                    int preamble = 0;
                    while (compressed[preamble] < 0) {
                        preamble++;
                    }
                    long claimed = random.nextBoolean() ? format.raw().length + 1 + random.nextInt(1 << 20)
                            : random.nextInt(format.raw().length);
                    what.append("preamble claims ").append(claimed).append(" bytes");
                    byte[] length = PayloadMutator.varint(claimed);
                    byte[] out = new byte[compressed.length - preamble - 1 + length.length];
                    System.arraycopy(length, 0, out, 0, length.length);
                    System.arraycopy(compressed, preamble + 1, out, length.length, compressed.length - preamble - 1);
                    yield out;
                }
                case 3 -> {
                    what.append("framed (stream) snappy instead of block");
                    yield framedSnappy(format.raw());
                }
                case 4 -> {
                    what.append("not compressed at all");
                    yield format.raw();
                }
                default -> PayloadMutator.insertBytes(compressed, random, what);
            };
            return new PayloadMutator.Mutation(what.toString(), body);
        }
        int kind = random.nextInt(20);
        if (kind < 12) {
            return format.json() ? PayloadMutator.json(format.raw(), random) : PayloadMutator.protobuf(format.raw(), random);
        }
        encoding[0] = "gzip";
        if (kind < 15) {
            PayloadMutator.Mutation inner = format.json() ? PayloadMutator.json(format.raw(), random)
                    : PayloadMutator.protobuf(format.raw(), random);
            return new PayloadMutator.Mutation(inner.description() + ", then gzip", gzip(inner.body()));
        }
        StringBuilder what = new StringBuilder("gzip: ");
        byte[] compressed = gzip(format.raw());
        byte[] body = switch (random.nextInt(4)) {
            case 0 -> PayloadMutator.flipBits(compressed, random, what);
            case 1 -> PayloadMutator.truncate(compressed, random, what);
            case 2 -> PayloadMutator.deleteBytes(compressed, random, what);
            default -> {
                what.append("not compressed at all");
                yield format.raw();
            }
        };
        return new PayloadMutator.Mutation(what.toString(), body);
    }

    private static Map<String, String> baseline(String api, long time) {
        JsonPath result = given().queryParam("query", "fuzz_baseline").queryParam("time", time / 1000.0).get(api + "/query")
                .then().statusCode(200).extract().jsonPath();
        Map<String, String> values = new TreeMap<>();
        List<Map<String, Object>> vector = result.getList("data.result");
        for (int i = 0; i < vector.size(); i++) {
            values.put(new TreeMap<>(result.getMap("data.result[" + i + "].metric")).toString(),
                    String.valueOf(((List<?>) vector.get(i).get("value")).get(1)));
        }
        JsonPath series = given().queryParam("match[]", "fuzz_baseline").get(api + "/series").then().statusCode(200)
                .extract().jsonPath();
        values.put("series", Integer.toString(series.getList("data").size()));
        return values;
    }

    private static byte[] framedSnappy(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The first few SEVERE entries of the server's log, each with the top of its stack trace. */
    private static String severe(String log) {
        String[] lines = log.split("\n");
        List<String> out = new ArrayList<>();
        int entries = 0;
        for (int i = 0; i < lines.length && entries < 5; i++) {
            if (lines[i].contains(" SEVERE ")) {
                entries++;
                out.addAll(Arrays.asList(lines).subList(i, Math.min(lines.length, i + 8)));
            }
        }
        return String.join("\n", out);
    }
}

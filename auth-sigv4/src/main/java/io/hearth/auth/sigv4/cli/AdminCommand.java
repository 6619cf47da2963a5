package io.hearth.auth.sigv4.cli;

import io.hearth.auth.sigv4.signature.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/hearth admin ...}: Hearth's identity administration from the shell, as SigV4-signed
 * calls to the admin API. Credentials come from {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN}, as for the aws CLI.
 */
public final class AdminCommand {

    private static final String USAGE = """
            Usage: hearth admin [--endpoint-url URL] [--region REGION] COMMAND [ARGS]

              list-users
              get-user USER
              create-user USER
              delete-user USER
              create-access-key USER             prints the new key pair (the secret only this once)
              delete-access-key USER KEY_ID
              put-user-policy USER NAME FILE     FILE holds the policy JSON ('-' reads standard input)
              delete-user-policy USER NAME
              get-session-token [SECONDS]        temporary credentials for the caller (900 to 129600 s)

            Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.
            Endpoint: --endpoint-url or HEARTH_ENDPOINT (default http://127.0.0.1:9009).
            Region: --region, AWS_REGION or AWS_DEFAULT_REGION (default us-east-1).
            """;

    private AdminCommand() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("hearth admin: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("hearth admin: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    static int run(String[] args) throws IOException, InterruptedException {
        String endpoint = envOr("HEARTH_ENDPOINT", "http://127.0.0.1:9009");
        String region = envOr("AWS_REGION", envOr("AWS_DEFAULT_REGION", "us-east-1"));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--endpoint-url" -> endpoint = value(args, ++i, "--endpoint-url");
                case "--region" -> region = value(args, ++i, "--region");
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                default -> rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            throw new UsageException("no command given");
        }
        Call call = call(rest);
        String keyId = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || secret == null) {
            throw new UsageException("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (bin/hearth root-credentials shows the root pair)");
        }
        URI uri = URI.create(endpoint.replaceAll("/+$", "") + call.path());
        byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        Map<String, String> signature = SigV4Signer.sign(call.method(), host, uri.getRawPath(), "", body, keyId, secret,
                System.getenv("AWS_SESSION_TOKEN"), region, "aps", ZonedDateTime.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("content-type", "application/json");
        signature.forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String type = response.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + response.statusCode());
            System.err.println("hearth admin: " + type + ": " + response.body());
            return 1;
        }
        if (!response.body().isEmpty()) {
            System.out.println(response.body());
        }
        return 0;
    }

    private static Call call(List<String> words) throws IOException {
        String command = words.get(0);
        List<String> a = words.subList(1, words.size());
        return switch (command) {
            case "list-users" -> args(a, 0, new Call("GET", "/admin/v1/users", ""));
            case "get-user" -> args(a, 1, new Call("GET", "/admin/v1/users/" + seg(a, 0), ""));
            case "create-user" -> args(a, 1, new Call("POST", "/admin/v1/users", "{\"userName\":" + quote(a.get(0)) + "}"));
            case "delete-user" -> args(a, 1, new Call("DELETE", "/admin/v1/users/" + seg(a, 0), ""));
            case "create-access-key" -> args(a, 1, new Call("POST", "/admin/v1/users/" + seg(a, 0) + "/access-keys", ""));
            case "delete-access-key" -> args(a, 2,
                    new Call("DELETE", "/admin/v1/users/" + seg(a, 0) + "/access-keys/" + seg(a, 1), ""));
            case "put-user-policy" -> args(a, 3, new Call("PUT", "/admin/v1/users/" + seg(a, 0) + "/policies/" + seg(a, 1),
                    a.get(2).equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                            : Files.readString(Path.of(a.get(2)))));
            case "delete-user-policy" -> args(a, 2,
                    new Call("DELETE", "/admin/v1/users/" + seg(a, 0) + "/policies/" + seg(a, 1), ""));
            case "get-session-token" -> {
                if (a.size() > 1) {
                    throw new UsageException("get-session-token takes at most one argument");
                }
                yield new Call("POST", "/admin/v1/session-token",
                        a.isEmpty() ? "{}" : "{\"durationSeconds\":" + Long.parseLong(a.get(0)) + "}");
            }
            default -> throw new UsageException("unknown command '" + command + "'");
        };
    }

    private static Call args(List<String> given, int expected, Call call) {
        if (given.size() != expected) {
            throw new UsageException("expected " + expected + " argument(s), got " + given.size());
        }
        return call;
    }

    private static String seg(List<String> a, int i) {
        if (i >= a.size()) {
            throw new UsageException("missing argument");
        }
        return URLEncoder.encode(a.get(i), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private record Call(String method, String path, String body) {}

    private static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}

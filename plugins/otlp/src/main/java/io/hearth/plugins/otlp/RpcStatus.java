package io.hearth.plugins.otlp;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code google.rpc.Status} body OTLP/HTTP gives a refused request ({1: int32 code, 2: string
 * message}; no details), written by hand so the plugin needs no common-protos library. The gRPC
 * code follows the HTTP status: 429 is RESOURCE_EXHAUSTED (8), 415 UNIMPLEMENTED (12) and any
 * other 4xx INVALID_ARGUMENT (3), 5xx UNAVAILABLE (14).
 */
final class RpcStatus {

    private RpcStatus() {
    }

    static int code(int httpStatus) {
        return switch (httpStatus) {
            case 429 -> 8;
            case 415 -> 12;
            default -> httpStatus >= 500 ? 14 : 3;
        };
    }

    /** @return the Status message in protobuf's binary form */
    static byte[] protobuf(int httpStatus, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length() + 8);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code(httpStatus));
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return the Status message in proto3 JSON: {@code {"code":8,"message":"..."}} */
    static byte[] json(int httpStatus, String message) {
        StringBuilder out = new StringBuilder(message.length() + 32).append("{\"code\":").append(code(httpStatus))
                .append(",\"message\":\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}

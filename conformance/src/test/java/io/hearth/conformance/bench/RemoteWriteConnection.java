package io.hearth.conformance.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One sender's keep-alive HTTP/1.1 connection for remote-write POSTs, written straight to a socket:
 * the request head is built once, so a request costs two socket writes and the read of a short
 * answer. The bench's senders use it rather than the JDK's {@code HttpClient}, which spends about
 * 0.37 CPU seconds per million samples (740 µs a 2,000-sample request) on this machine: more than
 * half of what VictoriaMetrics spends receiving them, CPU the receivers on the same two cores then
 * lack. Answers are read by Content-Length or chunked transfer coding; a connection the receiver
 * closes is opened again for the next request.
 */
final class RemoteWriteConnection implements Closeable {

    /** An answer: its status code and, for a status other than 2xx, its body. */
    record Answer(int status, String body) {
    }

    private final InetSocketAddress address;
    private final String headPrefix;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    RemoteWriteConnection(String url) {
        URI uri = URI.create(url);
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        this.headPrefix = "POST " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/x-protobuf\r\nContent-Encoding: snappy"
                + "\r\nX-Prometheus-Remote-Write-Version: 0.1.0\r\nUser-Agent: hearth-bench\r\nContent-Length: ";
    }

    /** Posts one snappy-compressed WriteRequest and reads the answer. */
    Answer post(byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write((headPrefix + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            close(); // the next request opens a fresh connection; this one fails as sent
            throw e;
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(address, 5_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    private Answer readAnswer() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                closes = value.equalsIgnoreCase("close");
            }
        }
        byte[] content;
        if (chunked) {
            content = chunkedBody();
        } else if (length >= 0) {
            content = in.readNBytes((int) length);
            if (content.length != length) {
                throw new EOFException("answer body cut short");
            }
        } else if (status == 204 || status == 304) {
            content = new byte[0];
        } else {
            content = in.readAllBytes(); // delimited by the connection's end
            closes = true;
        }
        if (closes) {
            close();
        }
        return new Answer(status, status / 100 == 2 ? "" : new String(content, StandardCharsets.UTF_8));
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers, if any
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("chunk cut short");
            }
            body.write(chunk);
            line();
        }
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed in an answer's head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}

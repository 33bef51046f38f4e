package io.bulwark.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 spoken over a plain socket to {@code 127.0.0.1}, for what {@code java.net.http} refuses to send: a
 * Content-Length that is negative, huge or not a number, a body that never comes, a chunked body that goes on.
 * One connection per instance; every read is bounded by a timeout, and {@link #close()} closes the socket.
 */
public final class RawHttp implements AutoCloseable {

    /** A response as read off the wire; {@code body} is what arrived of it (decoded when chunked). */
    public record Response(int status, Map<String, String> headers, String body) {

        /** A header by name, case-insensitive. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public boolean isProblemJson() {
            return header("Content-Type").map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")).orElse(false);
        }

        /** The problem document; throws if the body is not a JSON object. */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        @Override
        public String toString() {
            return status + " " + header("Content-Type").orElse("(no content type)") + " "
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port}, with a send buffer of {@code sendBuffer} bytes when positive. */
    public static RawHttp connect(int port, int sendBuffer) {
        Socket socket = new Socket();
        try {
            if (sendBuffer > 0) {
                socket.setSendBufferSize(sendBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    public static RawHttp connect(int port) {
        return connect(port, 0);
    }

    /** A request head: the request line, {@code Host}, the given header lines in order, and the blank line. */
    public static byte[] head(String method, String path, int port, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes one chunk of a chunked body. */
    public void writeChunk(byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Whether the server has sent anything, or closed the connection, without waiting. */
    public boolean answerWaiting() {
        try {
            return pushedBack != -2 || in.available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** What the connection looks like from the sender's side, waiting at most {@code wait} for an answer. */
    public enum State { OPEN_UNANSWERED, ANSWERED, CLOSED_UNANSWERED }

    /**
     * Waits at most {@code wait} for the first byte of an answer: {@link State#OPEN_UNANSWERED} if none came and
     * the connection is still open; {@link State#CLOSED_UNANSWERED} if the server closed or reset it without an
     * answer; {@link State#ANSWERED} if bytes arrived, which {@link #readResponse(Duration)} then reads.
     */
    public State poll(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            int first = peek();
            return first < 0 ? State.CLOSED_UNANSWERED : State.ANSWERED;
        } catch (SocketTimeoutException e) {
            return State.OPEN_UNANSWERED;
        } catch (IOException e) {
            return State.CLOSED_UNANSWERED;
        }
    }

    private int pushedBack = -2;

    private int peek() throws IOException {
        if (pushedBack == -2) {
            pushedBack = in.read();
        }
        return pushedBack;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int b = pushedBack;
            pushedBack = -2;
            return b;
        }
        return in.read();
    }

    /**
     * Reads one response, each read waiting at most {@code timeout}; the body by its Content-Length, chunked, or
     * until the server closes. Throws {@link UncheckedIOException} when no complete status line and head arrive.
     */
    public Response readResponse(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            String statusLine = line();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
            return new Response(status, headers, body(headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String body(Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            String size;
            while ((size = line()) != null) {
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    break;
                }
                copy(body, length);
                line();
            }
        } else if (headers.containsKey("content-length")) {
            copy(body, Integer.parseInt(headers.get("content-length")));
        } else {
            try {
                int b;
                while (body.size() < 1_000_000 && (b = read()) >= 0) {
                    body.write(b);
                }
            } catch (SocketTimeoutException e) {
                // What arrived is the body.
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private void copy(ByteArrayOutputStream body, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            int b = read();
            if (b < 0) {
                return;
            }
            body.write(b);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 16_384) {
                throw new IOException("header line too long");
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }
}

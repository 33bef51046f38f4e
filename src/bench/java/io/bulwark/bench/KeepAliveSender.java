package io.bulwark.bench;

import io.bulwark.testing.Signer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * One sender of the benchmark: signed deliveries over one kept-alive HTTP/1.1 connection, written and read by
 * hand. The JDK's HttpClient costs about 0.8 ms of CPU per request on this machine, more than the server's
 * share of a grouped delivery, and the load generator shares the cores with what it measures; pgbench, the
 * baseline, is a lean C client. Reconnects when the server closes the connection.
 */
final class KeepAliveSender implements AutoCloseable {

    private final InetSocketAddress address;
    private final String path;
    private final String secret;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connections;

    KeepAliveSender(String baseUrl, String source, String secret) {
        URI uri = URI.create(baseUrl);
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.path = "/api/webhooks/" + source;
        this.secret = secret;
    }

    /** Sends one delivery and returns the answer's status; 0 when the connection failed. */
    int send(String deliveryId, byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        return post("webhook-id: " + deliveryId + "\r\n"
                + "webhook-timestamp: " + timestamp + "\r\n"
                + "webhook-signature: " + Signer.standard(secret, deliveryId, timestamp, body) + "\r\n", body);
    }

    /** Posts a body without signature headers and returns the answer's status; 0 when the connection failed. */
    int sendUnsigned(byte[] body) {
        return post("", body);
    }

    /** GETs {@code target} (a path) without credentials and returns the answer's status; 0 when the connection failed. */
    int get(String target) {
        return exchange(("GET " + target + " HTTP/1.1\r\n"
                + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    /** How many connections this sender has opened: one unless the server closed some. */
    int connections() {
        return connections;
    }

    private int post(String extraHeaders, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + extraHeaders + "\r\n";
        return exchange(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    private int exchange(byte[] head, byte[] body) {
        try {
            connect();
            out.write(head);
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            return 0;
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            connections++;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(address, 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 8_192);
            out = socket.getOutputStream();
        }
    }

    private int readResponse() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long chunk = Long.parseLong(line().split(";")[0].trim(), 16); chunk > 0;
                 chunk = Long.parseLong(line().split(";")[0].trim(), 16)) {
                skip(chunk);
                line();
            }
            line();
        } else if (length >= 0) {
            skip(length);
        } else {
            close = true;
        }
        if (close) {
            close();
        }
        return status;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void skip(long bytes) throws IOException {
        for (long left = bytes; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a connection that already failed; nothing to report.
            }
            socket = null;
        }
    }
}

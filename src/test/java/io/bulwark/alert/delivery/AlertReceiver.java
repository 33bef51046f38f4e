package io.bulwark.alert.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * A chat webhook on a loopback port, as Slack's would be: it records every alert POSTed to it and answers each
 * attempt at an alert as its current script says (by the attempt's number for that alert, from 1). It can be
 * stopped and started again on the same port, as a receiver that is down for a while.
 */
final class AlertReceiver implements AutoCloseable {

    /** How the receiver answers one request. */
    enum Reply {
        ACCEPT,
        FAIL,
        /** Answers 500 only after the sender's answer timeout has passed. */
        HANG
    }

    /** One request as received, with the answer given. */
    record Request(String path, String contentType, String body, JsonObject json, Reply reply) {
    }

    private static final long HANG_MILLIS = 8_000;

    private volatile int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile IntFunction<Reply> script = attempt -> Reply.ACCEPT;
    private HttpServer server;
    private boolean listening;

    private AlertReceiver() {
    }

    /** Listens on a free loopback port. */
    static AlertReceiver start() {
        return new AlertReceiver().listen(0);
    }

    int port() {
        return port;
    }

    /** From now on, the answer to the n-th attempt at each alert. */
    void script(IntFunction<Reply> replies) {
        script = replies;
    }

    /** Every request received for the alert with this webhook id, in order. */
    List<Request> requestsFor(String webhookId) {
        return requests.stream().filter(r -> webhookId.equals(r.json().getString("webhookId", null))).toList();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Closes the port: senders are refused a connection until {@link #restart()}. */
    synchronized void stop() {
        server.stop(0);
        listening = false;
    }

    /** Listens again on the same port, if stopped. */
    synchronized void restart() {
        if (!listening) {
            listen(port);
        }
    }

    private synchronized AlertReceiver listen(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        listening = true;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonObject json = Json.createReader(new StringReader(body)).readObject();
        int attempt = attempts.merge(json.getString("id"), 1, Integer::sum);
        Reply reply = script.apply(attempt);
        requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                body, json, reply));
        if (reply == Reply.HANG) {
            try {
                Thread.sleep(HANG_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = reply == Reply.ACCEPT ? 200 : 500;
        byte[] answer = (reply == Reply.ACCEPT ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException gone) {
            // The sender gave up waiting (HANG); there is no one left to answer.
        }
        exchange.close();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

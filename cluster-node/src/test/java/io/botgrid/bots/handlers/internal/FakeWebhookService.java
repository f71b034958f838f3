package io.botgrid.bots.handlers.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A webhook service on 127.0.0.1 that records requests and answers from a script, then a default answer. */
final class FakeWebhookService implements AutoCloseable {
    /** What the service received. */
    record Received(String method, String timestamp, String signature, String contentType, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer; {@code stall} holds the answer until the service closes. */
    record Answer(int status, String body, boolean stall) {
        static Answer ok(String json) {
            return new Answer(200, json, false);
        }

        static Answer status(int status) {
            return new Answer(status, "", false);
        }

        static Answer stalling() {
            return new Answer(200, "{}", true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-webhook");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer otherwise = Answer.ok("{}");

    FakeWebhookService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/hook", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Answers the next requests in this order. */
    FakeWebhookService then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every request beyond the script like this. */
    FakeWebhookService otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("X-Botgrid-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Botgrid-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Answer answer = script.poll();
            if (answer == null) {
                answer = otherwise;
            }
            if (answer.stall()) {
                closing.await(30, TimeUnit.SECONDS);
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

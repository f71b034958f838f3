package io.botgrid.it.bots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotgridClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible chat-completions service on 127.0.0.1 that behaves by the requested model's name:
 * <ul>
 *   <li>{@code stream}: streams "Hel", "lo", waits until {@link #releaseStream} (so a test sees a partial reply
 *       while the answer is unfinished), then " there!" and a usage report (20 prompt + 5 completion tokens);</li>
 *   <li>{@code quick}: the same answer and usage at once;</li>
 *   <li>{@code words}: streams "One", " two", " three", " four", " five", "." (one token each in cl100k_base) and a
 *       usage report (20 + 6);</li>
 *   <li>{@code busy}: refuses the first two requests with 429 and {@code Retry-After: 1}, then streams "Recovered.";</li>
 *   <li>{@code stuck}: sends the headers and one chunk, then nothing until the server stops;</li>
 *   <li>{@code garbled}: streams a chunk that is not JSON;</li>
 *   <li>{@code leaky}: refuses with 401 and an error body quoting the bearer key it got, as some services do.</li>
 * </ul>
 * A cached thread pool serves the requests: a streaming answer holds its thread while it waits.
 */
final class FakeChatCompletions implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the service saw it. */
    record Seen(String model, String authorization, JsonNode body, long atNanos) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch streamGate = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);

    FakeChatCompletions() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base_url bots use. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** An llm bot's settings for this service: its base URL, {@code model}, {@code apiKey}, then {@code extra}. */
    String settings(String apiKey, String model, String extra) {
        return "base_url: \"" + baseUrl() + "\"\nmodel: " + model + "\napi_key: \"" + apiKey + "\"\n" + extra;
    }

    /** Creates an llm bot with {@link #settings} under a new id {@code <model>-<8 hex digits>}; returns the id. */
    String createBot(BotgridClient client, String apiKey, String model, String extra) {
        String id = model + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.bots().createBlocking(BotSpec.of("LLM " + model, "llm").withId(id)
                .withHandlerSettings(settings(apiKey, model, extra)));
        return id;
    }

    List<Seen> seen(String model) {
        return seen.stream().filter(s -> s.model().equals(model)).toList();
    }

    /** Lets the {@code stream} answers finish. */
    void releaseStream() {
        streamGate.countDown();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            JsonNode body = JSON.readTree(x.getRequestBody());
            String model = body.path("model").asText();
            seen.add(new Seen(model, x.getRequestHeaders().getFirst("Authorization"), body, System.nanoTime()));
            int n = calls.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
            switch (model) {
                case "stream" -> {
                    OutputStream out = startStream(x);
                    chunk(out, "Hel");
                    chunk(out, "lo");
                    await(streamGate);
                    chunk(out, " there!");
                    usage(out, 20, 5);
                    done(out);
                }
                case "quick" -> {
                    OutputStream out = startStream(x);
                    chunk(out, "Hello");
                    chunk(out, " there!");
                    usage(out, 20, 5);
                    done(out);
                }
                case "words" -> {
                    OutputStream out = startStream(x);
                    for (String word : List.of("One", " two", " three", " four", " five", ".")) {
                        chunk(out, word);
                    }
                    usage(out, 20, 6);
                    done(out);
                }
                case "busy" -> {
                    if (n <= 2) {
                        x.getResponseHeaders().add("Retry-After", "1");
                        error(x, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}");
                    } else {
                        OutputStream out = startStream(x);
                        chunk(out, "Recovered.");
                        done(out);
                    }
                }
                case "stuck" -> {
                    OutputStream out = startStream(x);
                    chunk(out, "Thinking");
                    await(stopping);
                }
                case "garbled" -> {
                    OutputStream out = startStream(x);
                    send(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":\n\n");
                    done(out);
                }
                case "leaky" -> {
                    String key = String.valueOf(x.getRequestHeaders().getFirst("Authorization"))
                            .replace("Bearer ", "");
                    error(x, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + key
                            + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
                }
                default -> error(x, 404, "{\"error\":{\"message\":\"no model " + model + "\"}}");
            }
        } catch (IOException e) {
            // the client went away (a timeout or a cancelled call): nothing to answer
        }
    }

    private static OutputStream startStream(HttpExchange x) throws IOException {
        x.getResponseHeaders().add("Content-Type", "text/event-stream");
        x.sendResponseHeaders(200, 0);
        return x.getResponseBody();
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        send(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JSON.writeValueAsString(text)
                + "},\"finish_reason\":null}]}\n\n");
    }

    private static void usage(OutputStream out, int prompt, int completion) throws IOException {
        send(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}\n\n");
    }

    private static void done(OutputStream out) throws IOException {
        send(out, "data: [DONE]\n\n");
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void error(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        streamGate.countDown();
        stopping.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}

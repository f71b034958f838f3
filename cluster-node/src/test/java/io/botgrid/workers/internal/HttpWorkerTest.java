package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerAbortedException;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.spi.WorkerMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in {@code http} function against a real local HTTP server. */
class HttpWorkerTest {
    private HttpServer server;
    private final EngineFixture fx = new EngineFixture();
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/upper", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            byte[] out = (new String(in, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT) + " via "
                    + ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type"))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        fx.close();
        server.stop(0);
    }

    @Test
    void theAnswerBodyIsTheOutputAndKeepsTheKey() throws Exception {
        fx.engine.apply(StandaloneSpec.of("h", FunctionRef.of("http", Map.of("url", base + "/upper",
                "contentType", "text/plain"))), 1);
        List<WorkerMessage> out = fx.engine.send("h", WorkerMessage.keyed("k1", "hello")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("HELLO via POST text/plain");
            assertThat(m.key()).isEqualTo("k1");
        });
    }

    @Test
    void anErrorStatusIsACrashHandledByThePolicy() throws Exception {
        fx.engine.apply(StandaloneSpec.of("h", FunctionRef.of("http", Map.of("url", base + "/broken")))
                .withRestart(RestartPolicy.of(RestartPolicy.Strategy.TRANSIENT)
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10))), 1);
        var f = fx.engine.send("h", WorkerMessage.of("x")).toCompletableFuture();
        EngineFixture.waiting().until(f::isDone);
        assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(WorkerAbortedException.class)
                .withMessageContaining("HTTP 500 from POST " + base + "/broken");
        EngineFixture.waiting().until(() -> fx.scheduler.pending() == 1);
        fx.scheduler.advance(Duration.ofMillis(10));
        EngineFixture.waiting().until(() -> fx.engine.status("h").orElseThrow().state() == WorkerState.RUNNING);
        assertThat(fx.events(WorkerEvent.Crashed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("HTTP 500"));
    }

    @Test
    void anUnreachableServerIsACrash() throws Exception {
        server.stop(0);
        fx.engine.apply(StandaloneSpec.of("h", FunctionRef.of("http", Map.of("url", base + "/upper")))
                .withRestart(RestartPolicy.of(RestartPolicy.Strategy.TEMPORARY)), 1);
        var f = fx.engine.send("h", WorkerMessage.of("x")).toCompletableFuture();
        await().atMost(15, TimeUnit.SECONDS).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
        EngineFixture.waiting().until(() -> fx.engine.status("h").orElseThrow().state() == WorkerState.FAILED);
        assertThat(fx.engine.status("h").orElseThrow().lastError()).hasValueSatisfying(e -> assertThat(e).contains("h crashed"));
    }
}

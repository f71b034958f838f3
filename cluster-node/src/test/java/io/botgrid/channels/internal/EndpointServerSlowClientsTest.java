package io.botgrid.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that are slow on purpose (slowloris headers, a body trickled a byte at a time, a huge body declared and
 * never sent) must neither starve Slack, webhooks and {@code /healthz} nor hold on to the endpoint for longer than
 * its configured timeouts. Real sockets against a real endpoint.
 */
class EndpointServerSlowClientsTest {
    private static final String SECRET = "slack-signing-secret";
    private static final int SLOW_CLIENTS = 200;
    private static final Duration PER_REQUEST = Duration.ofSeconds(1);

    private final RecordingIngress ingress = new RecordingIngress()
            .with("b1", ChannelKind.SLACK, new ChannelSecrets(SECRET, "UBOT"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PER_REQUEST).build();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private EndpointServer server;

    @AfterEach
    void stop() throws IOException {
        trickler.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slowClientsDoNotStarveSlackOrHealthChecks() throws Exception {
        // Timeouts far beyond the test, so that it is the server's design, not its timeouts, that keeps it responsive.
        Duration generous = Duration.ofSeconds(60);
        server = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0)
                .withReadTimeouts(generous, generous, generous), ingress);

        // a first request of each kind before the slow clients come, so that class loading is not timed
        assertThat(slackEvent(0, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        assertThat(health(Duration.ofSeconds(10)).statusCode()).isEqualTo(200);

        List<Socket> trickling = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            switch (i % 3) {
                case 0 -> trickling.add(open("POST /slack/events/b1 HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                case 1 -> trickling.add(open("POST /slack/events/b1 HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
                default -> open("POST /slack/events/b1 HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + (10 << 20) + "\r\n\r\n");
            }
        }
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        trickler.scheduleAtFixedRate(() -> {
            for (Socket s : trickling) {
                try {
                    s.getOutputStream().write('a');
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    broken.incrementAndGet();
                }
            }
            rounds.incrementAndGet();
        }, 0, 2, TimeUnit.SECONDS);

        // Events keep coming while the slow clients trickle on, over at least two trickling intervals (4 s).
        int sent = 0;
        while (rounds.get() < 3 && sent < 60) {
            sent++;
            HttpResponse<String> r = slackEvent(sent, PER_REQUEST);
            assertThat(r.statusCode()).as("event %d", sent).isEqualTo(200);
            assertThat(health(PER_REQUEST).statusCode()).isEqualTo(200);
            Thread.sleep(100); // pacing, so that the events span the trickling
        }
        assertThat(rounds.get()).as("the slow clients were trickling throughout").isGreaterThanOrEqualTo(3);
        assertThat(ingress.accepted()).hasSize(sent + 1);
        assertThat(broken.get()).as("the trickling clients were held open, not dropped").isZero();
    }

    @Test
    void aClientTricklingItsBodyIsCutAfterTheBodyTimeout() throws Exception {
        server = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0)
                .withReadTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30)), ingress);
        Socket socket = open("POST /slack/events/b1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{");
        long started = System.nanoTime();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readToEnd(socket));
        // one byte every 200 ms: never idle, but the whole body would take 20 s
        trickler.scheduleAtFixedRate(() -> write(socket, "a"), 200, 200, TimeUnit.MILLISECONDS);

        String response = answer.get(10, TimeUnit.SECONDS); // returns once the server closed the connection
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response).startsWith("HTTP/1.1 408").contains("request body took too long");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));
        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void aClientTricklingItsHeadersIsCutAfterTheHeaderTimeout() throws Exception {
        server = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0)
                .withReadTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30)), ingress);
        Socket socket = open("POST /slack/events/b1 HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        long started = System.nanoTime();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readToEnd(socket));
        trickler.scheduleAtFixedRate(() -> write(socket, "a"), 200, 200, TimeUnit.MILLISECONDS);

        assertThat(answer.get(10, TimeUnit.SECONDS)).as("closed without an answer").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));

        // a well-behaved client on its own connection is unaffected
        assertThat(slackEvent(1, PER_REQUEST).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeclaredHugeBodyIs413AtOnceAndTheConnectionClosed() throws Exception {
        server = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0), ingress);
        Socket socket = open("POST /slack/events/b1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (10 << 20) + "\r\n\r\n");
        String response = CompletableFuture.supplyAsync(() -> readToEnd(socket)).get(5, TimeUnit.SECONDS);
        assertThat(response).startsWith("HTTP/1.1 413").contains("body larger than 1048576 bytes");
    }

    @Test
    void aSlightlyOversizedBodyThatNeverComesIs413AfterTheBodyTimeout() throws Exception {
        server = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0)
                .withReadTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30)), ingress);
        // small enough to be drained (so that a client still sending reads the answer), but it never comes
        Socket socket = open("POST /webhook/b1 HTTP/1.1\r\nHost: x\r\nContent-Length: " + (2 << 20) + "\r\n\r\n");
        String response = CompletableFuture.supplyAsync(() -> readToEnd(socket)).get(10, TimeUnit.SECONDS);
        assertThat(response).startsWith("HTTP/1.1 413").contains("body larger than 1048576 bytes");
    }

    private HttpResponse<String> health(Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/healthz")).timeout(timeout).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> slackEvent(int n, Duration timeout) throws Exception {
        String body = "{\"type\":\"event_callback\",\"team_id\":\"T1\",\"event_id\":\"Ev" + n + "\","
                + "\"event\":{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hi\","
                + "\"ts\":\"1700000000." + String.format("%06d", n) + "\"},"
                + "\"authorizations\":[{\"user_id\":\"UBOT\"}]}";
        long ts = Instant.now().getEpochSecond();
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/slack/events/b1"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(ts))
                .header("X-Slack-Signature", TestSigning.slack(SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket open(String head) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void write(Socket socket, String s) {
        try {
            socket.getOutputStream().write(s.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the server closed it: what the test waits for
        }
    }

    private static String readToEnd(Socket socket) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after the answer counts as closed
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}

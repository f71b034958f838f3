package io.botgrid.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.slack.SlackEvent;
import io.botgrid.channels.internal.slack.SlackEventParser;
import io.botgrid.channels.internal.webhook.WebhookInboundParser;
import io.botgrid.channels.internal.webhook.WebhookSignature;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.GetBotRequest;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.testkit.TestCluster;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded live fuzz run against one real node's gRPC and HTTP ports: random and mutated requests (random bytes in
 * fields, huge fields, wrong types, truncated bodies, bad headers, bad tokens) for at most 40 s or 1,500 rounds
 * (by default). Every bad input must get a precise answer (never UNKNOWN/INTERNAL on gRPC, never
 * 5xx on HTTP), the node must stay healthy and serve valid calls afterwards, its log must stay bounded, and the heap
 * in use after the run is reported (printed as {@code live-fuzz ...} lines, with the seed that reproduces the run:
 * {@code -Dbotgrid.fuzz.seed=N}). HTTP requests go over a connection each ({@link RawHttp} says why).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LiveFuzzTest {
    /**
     * The run's bounds. A longer soak: {@code -Dbotgrid.fuzz.seconds=300 -Dbotgrid.fuzz.rounds=100000
     * -Djunit.jupiter.execution.timeout.mode=disabled} (the last lifts the test's own time limit).
     */
    private static final int BUDGET_SECONDS = Integer.getInteger("botgrid.fuzz.seconds", 40);
    private static final int MAX_ROUNDS = Integer.getInteger("botgrid.fuzz.rounds", 1_500);
    private static final String KEY = "live-fuzz-admin-key";
    private static final String WEBHOOK_SECRET = "live-fuzz-webhook-secret";
    private static final String SIGNING_SECRET = "live-fuzz-slack-signing-secret";
    /** Codes that would mean the node failed rather than judged the input. */
    private static final List<Status.Code> FAILURES = List.of(Status.Code.UNKNOWN, Status.Code.INTERNAL,
            Status.Code.DATA_LOSS, Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
    private static final MethodDescriptor.Marshaller<byte[]> RAW = GrpcTestSupport.RAW_BYTES;
    private static final List<String> WEBHOOK_SEEDS = List.of(
            "{\"messageId\":\"m1\",\"team\":\"acme\",\"conversation\":\"c-9\",\"userId\":\"u-3\",\"text\":\"hi\"}",
            "{\"messageId\":\"m2\",\"conversation\":\"c\",\"text\":\"h\\u00e9llo \\ud83d\\ude00\",\"extra\":[1,{}]}");
    private static final List<String> SLACK_SEEDS = List.of(
            "{\"token\":\"t\",\"challenge\":\"3eZbrw1aB\",\"type\":\"url_verification\"}",
            "{\"token\":\"t\",\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":"
                    + "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hello\","
                    + "\"ts\":\"1700000000.000100\",\"channel_type\":\"channel\"}}");
    private static final List<String> SPLICES = List.of("\"", "\\", "{", "}", "[", "]", ":", ",", "\\ud800",
            "\\u0000", "null", "true", "1e999999999", "99999999999999999999999", "\n", "\u00e9", "\ud83d\ude00",
            "[".repeat(600), "{\"a\":".repeat(300));

    private static TestCluster cluster;
    private static ManagedChannel channel;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcApiKeys(List.of(ApiKey.of("fuzz", KEY, Role.ADMIN)))).start();
        channel = GrpcTestSupport.plaintext(cluster.node(0));
        BotsApi api = cluster.node(0).bots();
        api.createBot(CreateBotRequest.newBuilder().setBotId("hook").setName("fuzz").setHandler("echo").build())
                .join();
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("hook").setKind(ChannelKind.CHANNEL_KIND_WEBHOOK)
                .putSettings("secret", WEBHOOK_SECRET).putSettings("url", "http://127.0.0.1:9/replies").build())
                .join();
        api.createBot(CreateBotRequest.newBuilder().setBotId("slack").setName("fuzz").setHandler("echo").build())
                .join();
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("slack").setKind(ChannelKind.CHANNEL_KIND_SLACK)
                .putSettings("signing_secret", SIGNING_SECRET).putSettings("bot_token", "xoxb-fuzz")
                .putSettings("bot_user_id", "UBOT").putSettings("api_base_url", "http://127.0.0.1:9/api").build())
                .join();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(List.of(channel));
        } finally {
            cluster.close();
            log.close();
        }
    }

    @Test
    void theNodeAnswersEveryBadInputPreciselyAndStaysHealthy() throws Exception {
        long seed = Long.getLong("botgrid.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("live-fuzz seed: " + seed);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        log.clear();

        List<MethodDescriptor<byte[], byte[]>> unary = unaryMethods();
        Map<Status.Code, Integer> grpcCodes = new EnumMap<>(Status.Code.class);
        Map<Integer, Integer> httpCodes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int bad = 0;
        int rounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
        while (rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
            rounds++;
            switch (random.nextInt(6)) {
                case 0 -> bad += grpcRandom(random, unary, grpcCodes, failures);
                case 1 -> bad += grpcMutated(random, grpcCodes, failures);
                case 2 -> bad += webhookMutated(random, httpCodes, failures);
                case 3 -> bad += slackMutated(random, httpCodes, failures);
                case 4 -> bad += httpUnsigned(random, httpCodes, failures);
                default -> bad += rawHttp(random, httpCodes, failures);
            }
        }
        System.out.println("live-fuzz rounds: " + rounds + " (bad inputs " + bad + ")");
        System.out.println("live-fuzz grpc codes: " + grpcCodes);
        System.out.println("live-fuzz http codes: " + httpCodes);
        assertThat(failures).as("imprecise answers (seed %d)", seed).isEmpty();

        // healthy afterwards: /healthz, a valid gRPC call, a valid signed webhook message
        RawHttp.Answer health = http("GET", "/healthz", Map.of(), null);
        assertThat(health.status()).isEqualTo(200);
        String count = GrpcTestSupport.unpack(ActorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(GrpcTestSupport.bearer(KEY)).withDeadlineAfter(10, TimeUnit.SECONDS)
                .call(GrpcTestSupport.call("after-fuzz", "count")).getReply());
        assertThat(count).isNotBlank();
        assertThat(postWebhook(("{\"messageId\":\"after\",\"conversation\":\"c\",\"text\":\"still here\"}")
                .getBytes(StandardCharsets.UTF_8), true).status()).isEqualTo(200);

        List<ILoggingEvent> lines = log.allLines();
        long warnOrWorse = lines.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
        long errors = lines.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).count();
        System.out.println("live-fuzz log lines: " + lines.size() + " (WARN or worse " + warnOrWorse + ", ERROR "
                + errors + ") for " + bad + " bad inputs");
        assertThat(errors).as("no ERROR line for bad input").isZero();
        assertThat(warnOrWorse).as("at most one WARN line per bad input").isLessThanOrEqualTo(bad);

        memory.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("live-fuzz heap used: before %d MiB, after %d MiB (max %d MiB)%n", heapBefore >> 20,
                heapAfter >> 20, memory.getHeapMemoryUsage().getMax() >> 20);
        assertThat(heapAfter - heapBefore).as("heap growth after the run, bytes").isLessThan(256L << 20);
    }

    // ---- gRPC ----

    private static List<MethodDescriptor<byte[], byte[]>> unaryMethods() {
        return Stream.of(ActorServiceGrpc.getServiceDescriptor(), BotServiceGrpc.getServiceDescriptor(),
                        ClusterServiceGrpc.getServiceDescriptor(), ConversationServiceGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods).flatMap(m -> m.stream())
                .filter(m -> m.getType() == MethodDescriptor.MethodType.UNARY)
                .filter(m -> !m.getFullMethodName().endsWith("/Drain")) // would take the node out of service
                .map(m -> m.toBuilder(RAW, RAW).build())
                .toList();
    }

    /** Random bytes as the request of a random unary method, sometimes with a bad or missing token. */
    private static int grpcRandom(Random random, List<MethodDescriptor<byte[], byte[]>> unary,
                                  Map<Status.Code, Integer> codes, List<String> failures) {
        MethodDescriptor<byte[], byte[]> method = unary.get(random.nextInt(unary.size()));
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        grpc(method, body, token(random), codes, failures);
        return 1;
    }

    /** A valid request whose bytes were mutated, or with a huge or wrongly typed field. */
    private static int grpcMutated(Random random, Map<Status.Code, Integer> codes, List<String> failures) {
        List<Message> seeds = List.of(GrpcTestSupport.call("k-" + random.nextInt(20), "count"),
                GrpcTestSupport.call("k-1", "append x"), ListBotsRequest.getDefaultInstance(),
                GetBotRequest.newBuilder().setBotId("hook").build(),
                SendMessageRequest.newBuilder().setBotId("hook").setConversation("c").setText("hi").build());
        List<MethodDescriptor<byte[], byte[]>> methods = List.of(raw(ActorServiceGrpc.getCallMethod()),
                raw(ActorServiceGrpc.getCallMethod()), raw(BotServiceGrpc.getListBotsMethod()),
                raw(BotServiceGrpc.getGetBotMethod()), raw(ConversationServiceGrpc.getSendMessageMethod()));
        int i = random.nextInt(seeds.size());
        byte[] body = switch (random.nextInt(4)) {
            case 0 -> seeds.get(i).toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(1, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                            .addVarint(random.nextLong()).build()).build()).build().toByteArray(); // wrong type
            case 1 -> concat(seeds.get(i).toByteArray(), lengthDelimited(1 + random.nextInt(6),
                    huge(random))); // a huge string field
            default -> mutate(seeds.get(i).toByteArray(), random);
        };
        grpc(methods.get(i), body, random.nextInt(8) == 0 ? token(random) : KEY, codes, failures);
        return 1;
    }

    private static void grpc(MethodDescriptor<byte[], byte[]> method, byte[] body, String token,
                             Map<Status.Code, Integer> codes, List<String> failures) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(GrpcTestSupport.AUTHORIZATION, "Bearer " + token);
        }
        Status.Code code;
        String description;
        Throwable cause = null;
        try {
            ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel,
                            MetadataUtils.newAttachHeadersInterceptor(headers)), method,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
            code = Status.Code.OK;
            description = "";
        } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            description = e.getStatus().getDescription();
            cause = e.getStatus().getCause();
        }
        codes.merge(code, 1, Integer::sum);
        if (FAILURES.contains(code) || (code != Status.Code.OK && (description == null || description.isBlank()))) {
            failures.add(method.getFullMethodName() + " " + body.length + " bytes, token " + (token == null ? "none"
                    : token.equals(KEY) ? "valid" : "bad") + ": " + code + " " + description + " " + cause);
        }
    }

    private static String token(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> "x".repeat(random.nextInt(200));
            case 2 -> "a.b.c";
            case 3 -> "eyJhbGciOiJIUzI1NiJ9." + Long.toHexString(random.nextLong()) + ".sig";
            default -> KEY;
        };
    }

    private static <Q, R> MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<Q, R> method) {
        return method.toBuilder(RAW, RAW).build();
    }

    private static byte[] huge(Random random) {
        byte[] b = new byte[(random.nextBoolean() ? 64 << 10 : 5 << 20)]; // 5 MiB: over the 4 MiB message limit
        java.util.Arrays.fill(b, (byte) 'a');
        return b;
    }

    private static byte[] lengthDelimited(int field, byte[] value) {
        ByteString.Output out = ByteString.newOutput();
        try {
            com.google.protobuf.CodedOutputStream c = com.google.protobuf.CodedOutputStream.newInstance(out);
            c.writeByteArray(field, value);
            c.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteString().toByteArray();
    }

    // ---- HTTP ----

    /** A validly signed webhook body that was mutated: 200 when it still is a message, else 400. */
    private static int webhookMutated(Random random, Map<Integer, Integer> codes, List<String> failures)
            throws Exception {
        byte[] body = mutate(WEBHOOK_SEEDS.get(random.nextInt(WEBHOOK_SEEDS.size())).getBytes(StandardCharsets.UTF_8),
                random);
        int expected;
        try {
            new WebhookInboundParser().parse("hook", body, Instant.now());
            expected = 200;
        } catch (MalformedPayloadException e) {
            expected = 400;
        }
        RawHttp.Answer response = postWebhook(body, true);
        record(codes, response.status());
        // a valid message may meet a busy store on a slow machine: 503 is then the right answer, not a fuzz finding
        boolean overloaded = expected == 200 && response.status() == 503;
        if (response.status() != expected && !overloaded) {
            failures.add("webhook " + new String(body, StandardCharsets.UTF_8) + ": " + response.status() + " "
                    + response.body() + ", expected " + expected);
        }
        return expected == 400 ? 1 : 0;
    }

    /** A validly signed Slack body that was mutated: never 5xx, and a refusal says why. */
    private static int slackMutated(Random random, Map<Integer, Integer> codes, List<String> failures)
            throws Exception {
        byte[] body = mutate(SLACK_SEEDS.get(random.nextInt(SLACK_SEEDS.size())).getBytes(StandardCharsets.UTF_8),
                random);
        long now = Instant.now().getEpochSecond();
        RawHttp.Answer response = http("POST", "/slack/events/slack", Map.of(
                "X-Slack-Request-Timestamp", Long.toString(now),
                "X-Slack-Signature", "v0=" + hmac(SIGNING_SECRET, concat(("v0:" + now + ":")
                        .getBytes(StandardCharsets.UTF_8), body))), body);
        record(codes, response.status());
        boolean valid;
        try {
            valid = new SlackEventParser().parse(body, "UBOT") instanceof SlackEvent.Message;
        } catch (MalformedPayloadException e) {
            valid = false;
        }
        if (!(valid && response.status() == 503)) { // 503 for a valid message on a busy store is right
            checkHttp("slack", body, response.status(), response.body(), failures);
        }
        return response.status() == 200 ? 0 : 1;
    }

    /** Unsigned, badly signed, stale, oversized or misaddressed requests. */
    private static int httpUnsigned(Random random, Map<Integer, Integer> codes, List<String> failures)
            throws Exception {
        byte[] body = new byte[random.nextInt(10) == 0 ? (2 << 20) : random.nextInt(500)]; // 2 MiB: over the limit
        random.nextBytes(body);
        RawHttp.Answer response = switch (random.nextInt(5)) {
            case 0 -> http("POST", "/webhook/hook", Map.of(
                    WebhookSignature.TIMESTAMP_HEADER, Long.toString(random.nextLong()),
                    WebhookSignature.SIGNATURE_HEADER, "v1=" + Long.toHexString(random.nextLong())), body);
            case 1 -> http("POST", "/slack/events/slack", Map.of(), body);
            case 2 -> http("POST", "/webhook/" + "nobot" + random.nextInt(100), Map.of(), body);
            case 3 -> http("PUT", "/webhook/hook", Map.of(), body);
            default -> http("GET", "/" + Long.toHexString(random.nextLong()) + "/%2e%2e/x", Map.of(), null);
        };
        record(codes, response.status());
        checkHttp("unsigned", body, response.status(), response.body(), failures);
        if (response.status() < 400) {
            failures.add("unsigned request accepted: " + response.status());
        }
        return 1;
    }

    /** Bytes on a raw socket: a garbage request line, bad headers, a truncated body, a broken chunk. */
    private static int rawHttp(Random random, Map<Integer, Integer> codes, List<String> failures) throws Exception {
        byte[] noise = new byte[random.nextInt(200)];
        random.nextBytes(noise);
        String request = switch (random.nextInt(7)) {
            case 0 -> new String(noise, StandardCharsets.ISO_8859_1) + "\r\n\r\n";
            case 1 -> "POST /webhook/hook HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n";
            case 2 -> "POST /webhook/hook HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"messageId\":";
            case 3 -> "POST /webhook/hook HTTP/1.1\r\nHost: x\r\nContent-Length: -7\r\n\r\n";
            case 4 -> "POST /webhook/hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n";
            case 5 -> "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(64 << 10) + "\r\n\r\n";
            default -> "POST /webhook/hook HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n";
        };
        int status = rawStatus(request.getBytes(StandardCharsets.ISO_8859_1));
        record(codes, status);
        if (status >= 500) {
            failures.add("raw request " + request.substring(0, Math.min(80, request.length())) + ": " + status);
        }
        return 1;
    }

    /** The status the endpoint answered, or 0 when it closed the connection without one. */
    private static int rawStatus(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", cluster.node(0).endpointPort()), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput(); // a truncated body ends here
            } catch (IOException e) {
                return 0; // the server closed first (e.g. headers too large)
            }
            byte[] head = socket.getInputStream().readNBytes(12);
            if (head.length < 12) {
                return 0;
            }
            return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        } catch (SocketTimeoutException e) {
            return 999; // no answer at all: reported as a failure
        } catch (java.net.SocketException e) {
            return 0; // reset by the server
        }
    }

    private static void checkHttp(String what, byte[] body, int status, String answer, List<String> failures) {
        if (status >= 500 || (status >= 400 && (answer == null || answer.isBlank()) && status != 413
                && status != 404 && status != 405)) {
            failures.add(what + " " + body.length + " bytes: " + status + " " + answer);
        }
    }

    private static RawHttp.Answer postWebhook(byte[] body, boolean sign) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = sign ? Map.of(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now),
                WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(WEBHOOK_SECRET, now, body)) : Map.of();
        return http("POST", "/webhook/hook", headers, body);
    }

    private static RawHttp.Answer http(String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        return RawHttp.exchange(cluster.node(0).endpointPort(), method, path, headers, body);
    }

    private static void record(Map<Integer, Integer> codes, int status) {
        codes.merge(status, 1, Integer::sum);
    }

    // ---- mutation ----

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            int at = random.nextInt(out.length + 1);
            out = switch (random.nextInt(5)) {
                case 0 -> {
                    byte[] b = out.clone();
                    if (b.length > 0) {
                        b[Math.min(at, b.length - 1)] = (byte) random.nextInt(256);
                    }
                    yield b;
                }
                case 1 -> java.util.Arrays.copyOf(out, at);
                case 2 -> concat(java.util.Arrays.copyOf(out, at), java.util.Arrays.copyOfRange(out,
                        Math.min(out.length, at + 1 + random.nextInt(8)), out.length));
                default -> concat(java.util.Arrays.copyOf(out, at), SPLICES.get(random.nextInt(SPLICES.size()))
                        .getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOfRange(out, at, out.length));
            };
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    private static String hmac(String secret, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(data)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}

package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.botgrid.fuzz.Mutations;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * What reaches the gRPC front from outside, fuzzed: request bytes of every unary method over a real socket (each
 * method wrapped as the front wraps it, by {@link StrictRequests}), and bearer tokens given to the
 * {@link Authenticator}. A request that is not the method's message gets INVALID_ARGUMENT naming the type, never
 * UNKNOWN or INTERNAL; a token that is not a valid credential gets UNAUTHENTICATED with a reason, never an exception.
 */
class GrpcInputPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final byte[] SECRET = "0123456789abcdef".repeat(2).getBytes(StandardCharsets.UTF_8);
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static Server server;
    private static ManagedChannel channel;
    private static List<MethodDescriptor<byte[], byte[]>> unaryMethods;

    private final Authenticator auth = new Authenticator(List.of(ApiKey.of("app", "k-client", Role.CLIENT)), SECRET,
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Every service of the API with the generated base implementation (UNIMPLEMENTED for a well-formed request). */
    @BeforeContainer
    static void start() throws IOException {
        RateLimitedLog refusals = new RateLimitedLog(LoggerFactory.getLogger(GrpcInputPropertiesTest.class), 5,
                Duration.ofMinutes(1));
        List<ServerServiceDefinition> services = List.of(
                new ActorServiceGrpc.ActorServiceImplBase() { }.bindService(),
                new BotServiceGrpc.BotServiceImplBase() { }.bindService(),
                new ClusterServiceGrpc.ClusterServiceImplBase() { }.bindService(),
                new ConversationServiceGrpc.ConversationServiceImplBase() { }.bindService());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
        services.forEach(s -> builder.addService(StrictRequests.of(s, refusals)));
        server = builder.build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        unaryMethods = services.stream().flatMap(s -> s.getMethods().stream())
                .map(m -> m.getMethodDescriptor())
                .filter(m -> m.getType() == MethodDescriptor.MethodType.UNARY)
                .map(m -> m.toBuilder(BYTES, BYTES).build())
                .toList();
        assertThat(unaryMethods).hasSizeGreaterThan(5);
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Property(tries = 400)
    void randomRequestBytesGetInvalidArgumentOrReachTheMethod(@ForAll("methodIndex") int method,
                                                              @ForAll("requestBytes") byte[] request) {
        MethodDescriptor<byte[], byte[]> m = unaryMethods.get(method % unaryMethods.size());
        try {
            ClientCalls.blockingUnaryCall(channel, m, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    request);
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            assertThat(status.getCode()).as("%s: %s", m.getFullMethodName(), status)
                    .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.UNIMPLEMENTED);
            if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
                assertThat(status.getDescription()).contains(m.getFullMethodName());
            }
            return;
        }
        throw new AssertionError("the base implementation answers nothing but UNIMPLEMENTED");
    }

    @Property(tries = 1000)
    void randomTokensAreUnauthenticatedWithAReason(@ForAll("tokens") String token) {
        assertUnauthenticatedOrPrincipal("Bearer " + token);
    }

    @Example
    void aTokenOfUnicodeSpacesIsAnEmptyToken() {
        // trim() leaves U+2003 and U+3000 in place; the token is still blank and must be refused as empty
        assertThatThrownBy(() -> auth.authenticate("Bearer \u2003\u3000"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("the bearer token is empty");
                });
    }

    @Property(tries = 1000)
    void mutatedJwtsAreUnauthenticatedWithAReason(@ForAll("mutatedJwts") String token) {
        assertUnauthenticatedOrPrincipal("Bearer " + token);
    }

    @Property(tries = 300)
    void randomHeadersAreUnauthenticatedWithAReason(@ForAll("headerValues") String header) {
        assertUnauthenticatedOrPrincipal(header);
    }

    private void assertUnauthenticatedOrPrincipal(String header) {
        try {
            Authenticator.Principal p = auth.authenticate(header);
            assertThat(p.role()).isNotNull();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).isNotBlank().hasSizeLessThan(1_000);
        }
    }

    @Provide
    Arbitrary<Integer> methodIndex() {
        return Arbitraries.integers().between(0, 1_000);
    }

    @Provide
    Arbitrary<byte[]> requestBytes() {
        return Arbitraries.oneOf(Mutations.randomBytes(256),
                // well-formed tags with random payloads: get past the first byte into field parsing
                Arbitraries.randoms().map(GrpcInputPropertiesTest::plausibleMessage));
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("abcXYZ019-_.=").ofMaxLength(300),
                Arbitraries.strings().withChars("abcXYZ019-_").ofMaxLength(60).list().ofSize(3)
                        .map(parts -> String.join(".", parts)));
    }

    @Provide
    Arbitrary<String> mutatedJwts() {
        List<String> seeds = Stream.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384)
                .flatMap(alg -> Stream.of(jwt(alg, claims().build()), jwt(alg, claims().claim("role", 7).build()),
                        jwt(alg, claims().expirationTime(null).build())))
                .toList();
        Arbitrary<String> headerSwaps = Arbitraries.of(seeds).flatMap(seed -> Arbitraries.of(
                "{\"alg\":\"none\"}", "{\"alg\":\"HS256\",\"crit\":[\"x\"]}", "{}", "[]", "{\"alg\":1}",
                "{\"alg\":\"RS256\"}", "not json", "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}")
                .map(h -> b64(h) + seed.substring(seed.indexOf('.'))));
        Arbitrary<String> claimSwaps = Arbitraries.of(seeds).flatMap(seed -> Arbitraries.of(
                "{\"exp\":\"soon\"}", "{\"exp\":1e308,\"role\":\"admin\"}", "[1]", "{\"role\":{\"a\":1}}", "",
                "{\"exp\":99999999999999999999999}", "{\"nbf\":-1,\"exp\":4102444800,\"role\":\"admin\"}")
                .map(c -> seed.substring(0, seed.indexOf('.') + 1) + b64(c) + seed.substring(seed.lastIndexOf('.'))));
        Arbitrary<String> byteMutations = Mutations.mutated(seeds).map(b -> new String(b, StandardCharsets.UTF_8));
        return Arbitraries.oneOf(headerSwaps, claimSwaps, byteMutations);
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100), Arbitraries.of("", " ", "Bearer", "Bearer ",
                "bearer\t", "Basic abc", "Bearer  .", "Bearer ..", "Bearer a.b.c", "BEARER k-client"));
    }

    private static byte[] plausibleMessage(Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int fields = 1 + random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            int number = 1 + random.nextInt(12);
            int wireType = random.nextInt(6);
            out.write((number << 3) | wireType);
            byte[] payload = new byte[random.nextInt(12)];
            random.nextBytes(payload);
            if (wireType == 2) {
                out.write(random.nextInt(4) == 0 ? 0x7f : payload.length); // sometimes a length past the end
            }
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("bob").claim("role", "operator")
                .expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    private static String jwt(JWSAlgorithm alg, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(new MACSigner("0123456789abcdef".repeat(4).getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return alg == JWSAlgorithm.HS256 ? resign(jwt.serialize()) : jwt.serialize();
    }

    /** An HS256 token signed with the test secret, so that mutations start from one the front accepts. */
    private static String resign(String token) {
        try {
            SignedJWT parsed = SignedJWT.parse(token);
            SignedJWT again = new SignedJWT(parsed.getHeader(), parsed.getJWTClaimsSet());
            again.sign(new MACSigner(SECRET));
            return again.serialize();
        } catch (java.text.ParseException | JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

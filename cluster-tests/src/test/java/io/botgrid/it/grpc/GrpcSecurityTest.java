package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.bearer;
import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static io.botgrid.it.grpc.GrpcTestSupport.jwt;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ActorServiceGrpc.ActorServiceBlockingStub;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc.ClusterServiceBlockingStub;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.GetPlacementRequest;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.testkit.TestCluster;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens and TLS on a real 2-node cluster: every call here crosses a TLS connection to 127.0.0.1 with a
 * certificate made in the test; API keys and JWTs are checked for presence, validity, expiry and role.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcSecurityTest {
    @TempDir
    static Path dir;

    private static final String CLIENT_KEY = "client-" + UUID.randomUUID();
    private static final String OPERATOR_KEY = "operator-" + UUID.randomUUID();
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static byte[] jwtSecret;

    private static TestCluster cluster;
    private static final List<ManagedChannel> channels = new ArrayList<>();
    private static ManagedChannel tls;
    private static Path certificate;

    @BeforeAll
    static void start() throws Exception {
        GrpcTestSupport.Certificates certs = GrpcTestSupport.selfSigned(dir);
        certificate = certs.certificate();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secretText = HexFormat.of().formatHex(random); // 64 characters: 512 bits of text
        jwtSecret = secretText.getBytes(StandardCharsets.UTF_8);
        Path secretFile = dir.resolve("jwt.secret");
        Files.writeString(secretFile, secretText + "\n");
        List<ApiKey> keys = List.of(ApiKey.of("app", CLIENT_KEY, Role.CLIENT),
                ApiKey.of("dashboard", OPERATOR_KEY, Role.OPERATOR), ApiKey.of("ops", ADMIN_KEY, Role.ADMIN));
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcTlsCertFile(certs.certificate()).grpcTlsKeyFile(certs.privateKey())
                        .grpcApiKeys(keys).grpcJwtSecretFile(secretFile))
                .start();
        ChannelCredentials trust = TlsChannelCredentials.newBuilder().trustManager(certs.certificate().toFile())
                .build();
        tls = GrpcTestSupport.channel(cluster.node(0), trust);
        channels.add(tls);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(channels);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static ActorServiceBlockingStub actors(String token) {
        ActorServiceBlockingStub stub = ActorServiceGrpc.newBlockingStub(tls).withDeadlineAfter(20, TimeUnit.SECONDS);
        return token == null ? stub : stub.withInterceptors(bearer(token));
    }

    private static ClusterServiceBlockingStub clusterAs(String token) {
        ClusterServiceBlockingStub stub = ClusterServiceGrpc.newBlockingStub(tls)
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        return token == null ? stub : stub.withInterceptors(bearer(token));
    }

    private static String jwtFor(String role, Duration validFor) {
        return jwt(jwtSecret, "alice", role, Instant.now().plus(validFor));
    }

    @Test
    void theServedCertificatesExpiryIsAMetricForTheCertificateExpiryAlerts() throws Exception {
        X509Certificate served;
        try (java.io.InputStream in = Files.newInputStream(certificate)) {
            served = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + cluster.node(0).metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        String prefix = "botgrid_tls_certificate_expiry_timestamp_seconds{subject=\"CN=localhost\",use=\"grpc\"} ";
        List<String> lines = metrics.body().lines().filter(l -> l.startsWith(prefix)).toList();
        assertThat(lines).as("the gRPC certificate's expiry series in:\n" + metrics.body()).hasSize(1);
        assertThat(Double.parseDouble(lines.get(0).substring(prefix.length()).split(" ")[0]))
                .isEqualTo((double) served.getNotAfter().toInstant().getEpochSecond());
    }

    @Test
    void rightRolePassesOverTls() {
        assertThat(unpack(actors(CLIENT_KEY).call(call("tls", "append:a")).getReply())).isEqualTo("1");
        assertThat(unpack(actors(jwtFor("client", Duration.ofMinutes(5))).call(call("tls", "count")).getReply()))
                .isEqualTo("1");
        assertThat(unpack(actors(ADMIN_KEY).call(call("tls", "count")).getReply())).as("admin may do everything")
                .isEqualTo("1");
        assertThat(clusterAs(OPERATOR_KEY).listNodes(ListNodesRequest.getDefaultInstance()).getNodesCount())
                .isEqualTo(2);
        assertThat(clusterAs(jwtFor("operator", Duration.ofMinutes(5))).getPlacement(GetPlacementRequest
                .newBuilder().setActorType(GrpcTestSupport.LEDGER).setActorKey("tls").build()).getOwner())
                .isIn("node-0", "node-1");
        assertThat(clusterAs(ADMIN_KEY).listNodes(ListNodesRequest.getDefaultInstance()).getNodesCount())
                .isEqualTo(2);
    }

    @Test
    void missingOrWrongTokenIsUnauthenticated() {
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> actors(null).call(call("k", "count")))
                .getDescription()).isEqualTo("missing bearer token: send the metadata 'authorization: Bearer "
                        + "<token>' (calling botgrid.v1.ActorService/Call)");
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> actors("not-a-key").call(call("k", "count")))
                .getDescription()).startsWith("the bearer token is neither a known API key nor a JWT");
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> clusterAs("not-a-key")
                .listNodes(ListNodesRequest.getDefaultInstance())).getDescription())
                .contains("(calling botgrid.v1.ClusterService/ListNodes)");
    }

    @Test
    void expiredForgedOrRolelessJwtIsUnauthenticated() {
        Instant expiredAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String expired = jwt(jwtSecret, "alice", "client", expiredAt);
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> actors(expired).call(call("k", "count")))
                .getDescription()).startsWith("JWT expired at " + expiredAt);
        byte[] otherSecret = "another-secret-that-is-long-enough-for-hs256!".getBytes(StandardCharsets.UTF_8);
        String forged = jwt(otherSecret, "mallory", "admin", Instant.now().plusSeconds(300));
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> actors(forged).call(call("k", "count")))
                .getDescription()).startsWith("JWT signature does not verify with the configured secret");
        String roleless = jwt(jwtSecret, "alice", null, Instant.now().plusSeconds(300));
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> actors(roleless).call(call("k", "count")))
                .getDescription()).startsWith("JWT has no 'role' claim");
        String unknownRole = jwt(jwtSecret, "alice", "root", Instant.now().plusSeconds(300));
        assertThat(failure(Status.Code.UNAUTHENTICATED, () -> actors(unknownRole).call(call("k", "count")))
                .getDescription()).startsWith("JWT role 'root' is not one of [admin, operator, client]");
    }

    @Test
    void wrongRoleIsPermissionDenied() {
        assertThat(failure(Status.Code.PERMISSION_DENIED, () -> clusterAs(CLIENT_KEY)
                .listNodes(ListNodesRequest.getDefaultInstance())).getDescription())
                .isEqualTo("role 'client' of api-key:app may not call botgrid.v1.ClusterService/ListNodes: it needs "
                        + "operator or admin");
        assertThat(failure(Status.Code.PERMISSION_DENIED, () -> actors(OPERATOR_KEY).call(call("k", "count")))
                .getDescription()).isEqualTo("role 'operator' of api-key:dashboard may not call actors of type "
                        + "'ledger': it allows [admin, client]");
        String operatorJwt = jwtFor("operator", Duration.ofMinutes(5));
        assertThat(failure(Status.Code.PERMISSION_DENIED, () -> clusterAs(operatorJwt)
                .drainNode(DrainNodeRequest.newBuilder().setNodeId("node-1").build())).getDescription())
                .isEqualTo("role 'operator' of jwt:alice may not call botgrid.v1.ClusterService/DrainNode: it needs "
                        + "admin");
        assertThat(cluster.node(0).ignite().cluster().currentBaselineTopology()).as("nothing drained").hasSize(2);
    }

    @Test
    void healthAndReflectionAnswerWithoutAToken() throws Exception {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(tls).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("botgrid.v1.ActorService").build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(Reflection.listServices(tls)).contains("botgrid.v1.ActorService", "botgrid.v1.ClusterService");
    }

    @Test
    void plaintextClientCannotTalkToATlsFront() throws InterruptedException {
        ManagedChannel plain = GrpcTestSupport.plaintext(cluster.node(1));
        try {
            failure(Status.Code.UNAVAILABLE, () -> ActorServiceGrpc.newBlockingStub(plain)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).withInterceptors(bearer(CLIENT_KEY))
                    .call(call("k", "count")));
        } finally {
            GrpcTestSupport.close(List.of(plain));
        }
    }
}

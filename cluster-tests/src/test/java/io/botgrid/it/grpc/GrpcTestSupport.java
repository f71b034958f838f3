package io.botgrid.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.botgrid.actor.ActorId;
import io.botgrid.it.ItSupport;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.CallActorRequest;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Channels, payloads, tokens and certificates for the gRPC front's tests: plain grpc-java, nothing of the SDK. */
final class GrpcTestSupport {
    static final String LEDGER = ItSupport.LEDGER;
    static final String STRING_VALUE_URL = "type.googleapis.com/google.protobuf.StringValue";
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcTestSupport() {
    }

    /** Request and response bodies as raw bytes, to send what no stub would (bad input). */
    static final MethodDescriptor.Marshaller<byte[]> RAW_BYTES = new MethodDescriptor.Marshaller<>() {
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

    static ManagedChannel plaintext(BotgridNode node) {
        return channel(node, InsecureChannelCredentials.create());
    }

    static ManagedChannel channel(BotgridNode node, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", node.grpcPort(), credentials).build();
    }

    static void close(List<ManagedChannel> channels) throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            assertThat(c.awaitTermination(10, TimeUnit.SECONDS)).as("channel closed").isTrue();
        }
    }

    /** Attaches {@code authorization: Bearer <token>} to every call. */
    static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    static Any text(String command) {
        return Any.pack(StringValue.of(command));
    }

    static CallActorRequest call(String key, String command) {
        return CallActorRequest.newBuilder().setActorType(LEDGER).setActorKey(key).setCommand(text(command)).build();
    }

    static String unpack(Any reply) {
        assertThat(reply.getTypeUrl()).isEqualTo(STRING_VALUE_URL);
        try {
            return StringValue.parseFrom(reply.getValue()).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static ByteString garbage() {
        return ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
    }

    /** A key of the ledger type whose actor the named node owns. */
    static String keyOwnedBy(BotgridNode anyNode, String owner, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + "-" + i;
            if (owner.equals(anyNode.ownerOf(ActorId.of(LEDGER, key)))) {
                return key;
            }
        }
    }

    /** Runs the call, which must fail with the code; returns the status for more checks. */
    static Status failure(Status.Code code, ThrowingCallable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(e).as("the call fails with " + code).isNotNull();
        assertThat(e.getStatus().getCode()).as(String.valueOf(e.getStatus())).isEqualTo(code);
        assertThat(String.valueOf(e.getStatus().getDescription())).as("no stack trace on the wire")
                .doesNotContain("\tat ").doesNotContain("Exception:\n");
        return e.getStatus();
    }

    /** An HS256 JWT with a role claim, expiring at {@code expiry}. */
    static String jwt(byte[] secret, String subject, String role, Instant expiry) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expiry))
                .issueTime(Date.from(Instant.now()));
        if (role != null) {
            claims.claim("role", role);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return jwt.serialize();
    }

    /** PEM files of a self-signed certificate for 127.0.0.1 and its PKCS#8 key, made with the JDK's keytool. */
    record Certificates(Path certificate, Path privateKey) {
    }

    static Certificates selfSigned(Path dir) throws IOException, InterruptedException {
        Path store = dir.resolve("server.p12");
        char[] password = "test-only".toCharArray();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "botgrid", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(password),
                "-keypass", new String(password)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool: " + output).isZero();
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            PrivateKey key = (PrivateKey) ks.getKey("botgrid", password);
            Certificate cert = ks.getCertificate("botgrid");
            Path certFile = dir.resolve("server.crt");
            Path keyFile = dir.resolve("server.key");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
            return new Certificates(certFile, keyFile);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool made", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

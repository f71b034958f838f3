package io.botgrid.it.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.RetryPolicy;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Clients, tokens and failures for the audit log's tests: the SDK against a real cluster. */
final class AuditSupport {
    private AuditSupport() {
    }

    static String endpoint(TestCluster cluster, int node) {
        return "127.0.0.1:" + cluster.node(node).grpcPort();
    }

    /** A client of node {@code node} only, so every entry it causes is recorded by that node. */
    static BotgridClient client(TestCluster cluster, int node, String token) {
        BotgridClient.Builder b = BotgridClient.builder().endpoints(endpoint(cluster, node))
                .defaultDeadline(Duration.ofSeconds(20))
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2)));
        if (token != null) {
            b.token(token);
        }
        return b.build();
    }

    /** An HS256 JWT for {@code subject} with {@code role}, valid for ten minutes. */
    static String jwt(byte[] secret, String subject, String role) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("role", role)
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return jwt.serialize();
    }

    /** Runs the call, which must fail with {@code code}; returns the exception. */
    static BotgridException failure(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        while (thrown instanceof CompletionException && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        assertThat(thrown).as("the call fails with " + code).isInstanceOf(BotgridException.class);
        BotgridException e = (BotgridException) thrown;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }

    static void closeAll(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}

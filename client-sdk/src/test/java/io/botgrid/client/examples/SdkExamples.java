package io.botgrid.client.examples;

import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.botgrid.client.ActorEvent;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.CallSettings;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.NodeView;
import io.botgrid.client.RetryPolicy;
import io.botgrid.client.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The examples shown in docs/sdk.md, compiled with the build so they cannot rot. Each method is one example; the
 * text between the {@code // tag::NAME[]} and {@code // end::NAME[]} markers is what the guide shows.
 */
final class SdkExamples {
    private SdkExamples() {
    }

    static BotgridClient connect(String token, Path caCertificate) {
        // tag::connect[]
        BotgridClient client = BotgridClient.builder()
                .endpoints("10.0.1.10:7070", "10.0.2.10:7070", "10.0.3.10:7070") // any nodes; failover in order
                .token(token)                                // an API key or a JWT with role "client"
                .tls(caCertificate)                          // omit for plaintext (local development only)
                .defaultDeadline(Duration.ofSeconds(5))      // per call, retries included
                .retryPolicy(new RetryPolicy(6, Duration.ofMillis(50), Duration.ofSeconds(2)))
                .build();
        // end::connect[]
        return client;
    }

    static long callBlocking(BotgridClient client) {
        // tag::call-blocking[]
        Int64Value total = client.actors().callBlocking("counter", "visits", StringValue.of("add:1"),
                Int64Value.class);
        // end::call-blocking[]
        return total.getValue();
    }

    static CompletableFuture<Long> callAsync(BotgridClient client, ExecutorService myExecutor) {
        // tag::call-async[]
        CompletableFuture<Long> total = client.actors()
                .call("counter", "visits", StringValue.of("add:1"), Int64Value.class,
                        CallSettings.DEFAULT
                                .withDeadline(Duration.ofSeconds(2))
                                .withIdempotencyKey("order-7f3a-visit"))   // your own key: safe across restarts
                .thenApplyAsync(Int64Value::getValue, myExecutor);         // continue on your own threads
        // end::call-async[]
        return total;
    }

    static String handleErrors(BotgridClient client) {
        // tag::errors[]
        try {
            client.actors().callBlocking("counter", "visits", StringValue.of("add:ten"), Int64Value.class);
            return "ok";
        } catch (BotgridException e) {
            if (e.code() == ErrorCode.FAILED_PRECONDITION) {
                return "rejected by the actor: " + e.getMessage();     // a business rule said no
            }
            if (e.code() == ErrorCode.INVALID_ARGUMENT || e.code() == ErrorCode.NOT_FOUND) {
                return "fix the request: " + e.getMessage();           // never retried
            }
            if (e.isRetryable()) {
                return "try again later with the same idempotency key: " + e.getMessage();
            }
            throw e;                                                   // UNAUTHENTICATED, PERMISSION_DENIED, ...
        }
        // end::errors[]
    }

    static Subscription follow(BotgridClient client) {
        // tag::follow[]
        Subscription subscription = client.actors().follow("counter", "visits", 1, Int64Value.class,
                (ActorEvent<Int64Value> e) -> System.out.println("#" + e.seq() + " +" + e.event().getValue()),
                error -> System.err.println("stream ended: " + error.getMessage()));
        // ... later: subscription.close();
        // end::follow[]
        return subscription;
    }

    static void nodes(BotgridClient client) {
        // tag::cluster[]
        for (NodeView node : client.cluster().nodes().join()) {
            System.out.println(node.id() + " " + node.address() + " " + node.zone() + " " + node.status()
                    + " actors=" + node.actorCount());
        }
        System.out.println(client.cluster().placement("counter", "visits").join());
        // end::cluster[]
    }
}

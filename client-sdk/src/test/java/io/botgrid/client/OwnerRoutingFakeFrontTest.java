package io.botgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.GetPartitionMapRequest;
import io.botgrid.proto.v1.PartitionMap;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code routeToOwners} against two fake nodes on real sockets: "entry", the configured endpoint, serves the
 * partition map, which names "owner" as the owner of every partition; both answer actor calls and record them.
 */
@Timeout(60)
class OwnerRoutingFakeFrontTest {
    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Server s : servers) {
            s.shutdownNow();
            s.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A fake node's actor service: records each call's idempotency key, answers with its name. */
    private static final class FakeActors extends ActorServiceGrpc.ActorServiceImplBase {
        final String name;
        final Queue<String> keys = new ConcurrentLinkedQueue<>();
        final AtomicBoolean forwards = new AtomicBoolean();

        FakeActors(String name) {
            this.name = name;
        }

        @Override
        public void call(CallActorRequest request, StreamObserver<CallActorResponse> responses) {
            keys.add(request.getIdempotencyKey());
            responses.onNext(CallActorResponse.newBuilder().setReply(Any.pack(StringValue.of(name)))
                    .setForwarded(forwards.get()).build());
            responses.onCompleted();
        }
    }

    private Server serve(io.grpc.BindableService... services) throws IOException {
        io.grpc.ServerBuilder<?> b = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
        for (io.grpc.BindableService s : services) {
            b.addService(s);
        }
        Server server = b.build().start();
        servers.add(server);
        return server;
    }

    private static String call(BotgridClient client, String key) {
        return client.actors().callBlocking("counter", key, StringValue.of("add:1"), StringValue.class).getValue();
    }

    @Test
    void callsGoToTheOwnerOnceTheMapIsKnownAndFallBackToTheEndpointsWithTheSameKey() throws Exception {
        FakeActors owner = new FakeActors("owner");
        Server ownerServer = serve(owner);
        String ownerEndpoint = "127.0.0.1:" + ownerServer.getPort();
        FakeActors entry = new FakeActors("entry");
        AtomicInteger mapReads = new AtomicInteger();
        AtomicReference<String> mapOwner = new AtomicReference<>(ownerEndpoint);
        Server entryServer = serve(entry, new ClusterServiceGrpc.ClusterServiceImplBase() {
            @Override
            public void getPartitionMap(GetPartitionMapRequest request, StreamObserver<PartitionMap> responses) {
                mapReads.incrementAndGet();
                PartitionMap.Builder map = PartitionMap.newBuilder().setTopologyVersion(1).setPartitionCount(8)
                        .addEndpoints(mapOwner.get());
                for (int p = 0; p < 8; p++) {
                    map.addOwners(0);
                }
                responses.onNext(map.build());
                responses.onCompleted();
            }
        });
        try (BotgridClient client = BotgridClient.builder().endpoints("127.0.0.1:" + entryServer.getPort())
                .routeToOwners(true).retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50)))
                .build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> call(client, "warm").equals("owner"));
            for (int i = 0; i < 20; i++) {
                assertThat(call(client, "k" + i)).as("answered by the owner").isEqualTo("owner");
            }

            // The owner's node goes away: the call goes through the endpoint instead, and the map is read again.
            int readsBefore = mapReads.get();
            mapOwner.set("127.0.0.1:" + entryServer.getPort());
            ownerServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            int entryCalls = entry.keys.size();
            assertThat(call(client, "after-loss")).isEqualTo("entry");
            assertThat(entry.keys).hasSize(entryCalls + 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> mapReads.get() > readsBefore);

            // A node that says it forwarded a call makes the client read the map again.
            int readsNow = mapReads.get();
            entry.forwards.set(true);
            call(client, "forwarded");
            await().atMost(Duration.ofSeconds(5)).until(() -> mapReads.get() > readsNow);
        }
        assertThat(owner.keys).doesNotHaveDuplicates();
        assertThat(entry.keys).doesNotHaveDuplicates();
    }
}

package io.botgrid.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.proto.v1.NodeInfo;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The test client on the host: one plaintext gRPC channel per node of a {@link NetnsLab}, and what it asks. */
final class LabClient implements AutoCloseable {
    static final int GRPC_PORT = 7070;
    private final NetnsLab lab;
    private final Map<Integer, ManagedChannel> channels = new ConcurrentHashMap<>();

    LabClient(NetnsLab lab) {
        this.lab = lab;
    }

    /** The channels opened so far, by node; {@link SplitLoad} writes through them. */
    Map<Integer, ManagedChannel> channels() {
        return channels;
    }

    ManagedChannel channel(int node) {
        return channels.computeIfAbsent(node, n -> Grpc.newChannelBuilderForAddress(lab.address(n), GRPC_PORT,
                InsecureChannelCredentials.create()).build());
    }

    /** Waits until every given node answers ListNodes with all of them serving: one cluster again. */
    void awaitServing(List<Integer> nodes, Duration atMost) {
        nodes.forEach(this::channel);
        Set<String> expected = nodes.stream().map(n -> "node-" + n).collect(Collectors.toSet());
        await().atMost(atMost).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .untilAsserted(() -> {
                    for (int n : nodes) {
                        List<NodeInfo> seen = ClusterServiceGrpc.newBlockingStub(channel(n))
                                .withDeadlineAfter(3, TimeUnit.SECONDS)
                                .listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
                        Set<String> serving = seen.stream()
                                .filter(i -> i.getState() == io.botgrid.proto.v1.NodeState.NODE_STATE_SERVING)
                                .map(NodeInfo::getId).collect(Collectors.toSet());
                        assertThat(serving).as("serving nodes seen by node-" + n + ": " + seen.stream()
                                .map(i -> i.getId() + "=" + i.getState()).toList()).isEqualTo(expected);
                    }
                });
    }

    /** Each key's journal (its tags in sequence order), read through every node; all must agree. */
    Map<String, List<String>> journals(List<String> keys) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String key : keys) {
            List<String> first = null;
            for (int node : channels.keySet()) {
                List<String> tags = tags(node, key, Duration.ofSeconds(60));
                if (first == null) {
                    first = tags;
                } else {
                    assertThat(tags).as(key + " read through node-" + node).isEqualTo(first);
                }
            }
            out.put(key, first);
        }
        return out;
    }

    /** The actor's tags, read through the node, retrying refusals until {@code atMost}. */
    List<String> tags(int node, String key, Duration atMost) {
        ActorServiceGrpc.ActorServiceBlockingStub stub = ActorServiceGrpc.newBlockingStub(channel(node));
        List<List<String>> result = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    Any reply = stub.withDeadlineAfter(5, TimeUnit.SECONDS).call(CallActorRequest.newBuilder()
                            .setActorType(ItSupport.LEDGER).setActorKey(key)
                            .setCommand(Any.pack(StringValue.of("tags"))).build()).getReply();
                    String text = unpack(reply);
                    result.add(text.isEmpty() ? List.of() : Arrays.asList(text.split(",")));
                    return true;
                } catch (StatusRuntimeException e) {
                    refusals.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(key + " read through node-" + node + " did not answer within " + atMost
                    + "; last refusal: " + (refusals.isEmpty() ? "none" : refusals.get(refusals.size() - 1)), e);
        }
        return result.get(0);
    }

    private static String unpack(Any reply) {
        try {
            return reply.unpack(StringValue.class).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            for (ManagedChannel c : channels.values()) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

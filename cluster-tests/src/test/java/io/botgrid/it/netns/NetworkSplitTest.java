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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network splits for real: node JVMs in network namespaces joined by a bridge, links cut with nft drop rules between
 * node addresses, a client on the host writing through both sides (see {@link NetnsLab}). A 1+2 split of 3 nodes,
 * then a 2+2 split of 4 nodes; after each heal every journal is compared with the client's log of acknowledged
 * writes. Skipped, with the reason printed, where namespaces cannot be made (not root, no iproute2 or nft).
 */
class NetworkSplitTest {
    private static final Duration FAILURE_DETECTION = Duration.ofSeconds(2);
    private static final Duration BASELINE_AUTO_ADJUST = Duration.ofSeconds(30);
    private static final Duration SPLIT = Duration.ofSeconds(9);
    /** Calls issued this long after the cut count as issued during the split (earlier ones may be in flight). */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int GRPC_PORT = 7070;

    private static NetnsLab lab;
    private static final Map<Integer, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();

    private static Path work;

    @BeforeAll
    static void requireNamespaces() {
        Optional<String> reason = NetnsLab.unavailableReason();
        reason.ifPresent(r -> System.out.println("NetworkSplitTest skipped: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        for (ManagedChannel c : CHANNELS.values()) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Disabled("needs majority fencing (branch fence): without it the minority acknowledges writes that are then lost")
    @Timeout(300)
    void minoritiesAcknowledgeNothingAndCutOffNodesComeBack() throws Exception {
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "netns-");
        lab = NetnsLab.create(4, work);
        List<Integer> all = List.of(1, 2, 3, 4);
        for (int i = 1; i <= 3; i++) {
            lab.startNode(i, all, FAILURE_DETECTION, BASELINE_AUTO_ADJUST, GRPC_PORT);
        }
        for (int i = 1; i <= 3; i++) {
            lab.node(i).awaitReady(Duration.ofSeconds(120));
            channel(i);
        }
        awaitServing(List.of(1, 2, 3));

        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            keys.add("split-" + k);
        }
        List<Phase> phases = new ArrayList<>();
        SplitLoad load = new SplitLoad(keys, CHANNELS).through(1, 2).through(2, 1).through(3, 2);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 300);

            phases.add(split(List.of(3), List.of(1, 2), Set.of(3)));
            awaitServing(List.of(1, 2, 3));
            int throughThree = load.acknowledgedThrough(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedThrough(3) >= throughThree + 50);

            lab.startNode(4, all, FAILURE_DETECTION, BASELINE_AUTO_ADJUST, GRPC_PORT);
            lab.node(4).awaitReady(Duration.ofSeconds(120));
            channel(4);
            awaitServing(all);
            load.through(4, 1);
            int before = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= before + 200);

            phases.add(split(List.of(1, 2), List.of(3, 4), Set.of(1, 2, 3, 4)));
            awaitServing(all);
            int afterHeal = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= afterHeal + 200);
        } finally {
            load.close();
        }

        List<SplitLoad.Attempt> attempts = load.attempts();
        Map<String, List<String>> journals = journals(keys);
        Report report = Report.of(attempts, journals, phases);
        System.out.println("NetworkSplitTest: " + report);
        assertThat(report.acknowledged()).as("writes acknowledged").isGreaterThan(800);
        assertThat(report.minorityAcks()).as("writes acknowledged by a minority during a split").isEmpty();
        assertThat(report.duplicateSeqs()).as("sequence numbers acknowledged twice").isEmpty();
        assertThat(report.lost()).as("acknowledged writes missing from the journals").isEmpty();
        assertThat(report.misplaced()).as("acknowledged writes at another sequence number").isEmpty();
        assertThat(report.twice()).as("tags journalled twice").isEmpty();
        assertThat(report.phantoms()).as("journalled tags no call sent").isEmpty();
    }

    /** One split: when it began and ended, and which nodes were on a side without a majority. */
    record Phase(long cutNanos, long healNanos, Set<Integer> minority) {
    }

    private Phase split(List<Integer> a, List<Integer> b, Set<Integer> minority) throws InterruptedException {
        long cut = System.nanoTime();
        lab.split(a, b);
        // The split's length is the scenario itself (the load keeps running on both sides meanwhile).
        Thread.sleep(SPLIT.toMillis());
        lab.heal();
        return new Phase(cut, System.nanoTime(), minority);
    }

    private static ManagedChannel channel(int i) {
        return CHANNELS.computeIfAbsent(i, n -> Grpc.newChannelBuilderForAddress(lab.address(n), GRPC_PORT,
                InsecureChannelCredentials.create()).build());
    }

    /** Waits until every given node answers ListNodes with all of them serving: one cluster again. */
    private static void awaitServing(List<Integer> nodes) {
        Set<String> expected = nodes.stream().map(n -> "node-" + n).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    for (int n : nodes) {
                        List<NodeInfo> seen = ClusterServiceGrpc.newBlockingStub(channel(n))
                                .withDeadlineAfter(3, TimeUnit.SECONDS)
                                .listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
                        Set<String> serving = seen.stream()
                                .filter(i -> i.getState() == io.botgrid.proto.v1.NodeState.NODE_STATE_SERVING)
                                .map(NodeInfo::getId).collect(Collectors.toSet());
                        assertThat(serving).as("serving nodes seen by node-" + n).isEqualTo(expected);
                    }
                });
    }

    /** Each key's journal (its tags in sequence order), read through every node; all must agree. */
    private static Map<String, List<String>> journals(List<String> keys) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String key : keys) {
            List<String> first = null;
            for (int node : CHANNELS.keySet()) {
                List<String> tags = tags(node, key);
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

    private static List<String> tags(int node, String key) {
        ActorServiceGrpc.ActorServiceBlockingStub stub = ActorServiceGrpc.newBlockingStub(channel(node));
        List<List<String>> result = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StatusRuntimeException.class)
                .until(() -> {
                    Any reply = stub.withDeadlineAfter(5, TimeUnit.SECONDS).call(CallActorRequest.newBuilder()
                            .setActorType(ItSupport.LEDGER).setActorKey(key)
                            .setCommand(Any.pack(StringValue.of("tags"))).build()).getReply();
                    String text = unpack(reply);
                    result.add(text.isEmpty() ? List.of() : Arrays.asList(text.split(",")));
                    return true;
                });
        return result.get(0);
    }

    private static String unpack(Any reply) {
        try {
            return reply.unpack(StringValue.class).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the journals say about the client's log. */
    record Report(int acknowledged, int failed, List<String> minorityAcks, List<String> duplicateSeqs,
                  List<String> lost, List<String> misplaced, List<String> twice, List<String> phantoms) {
        static Report of(List<SplitLoad.Attempt> attempts, Map<String, List<String>> journals, List<Phase> phases) {
            List<String> minorityAcks = new ArrayList<>();
            List<String> duplicateSeqs = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            List<String> misplaced = new ArrayList<>();
            List<String> twice = new ArrayList<>();
            List<String> phantoms = new ArrayList<>();
            Map<String, String> seqOwner = new HashMap<>();
            Set<String> sent = new HashSet<>();
            int acked = 0;
            for (SplitLoad.Attempt a : attempts) {
                sent.add(a.tag());
                if (!a.acknowledged()) {
                    continue;
                }
                acked++;
                for (Phase p : phases) {
                    if (p.minority().contains(a.node()) && a.startNanos() >= p.cutNanos() + GRACE_NANOS
                            && a.startNanos() < p.healNanos()) {
                        minorityAcks.add(a.key() + "#" + a.seq() + " " + a.tag() + " via node-" + a.node());
                    }
                }
                String previous = seqOwner.put(a.key() + "#" + a.seq(), a.tag());
                if (previous != null) {
                    duplicateSeqs.add(a.key() + "#" + a.seq() + ": " + previous + " and " + a.tag());
                }
                List<String> journal = journals.get(a.key());
                int at = journal.indexOf(a.tag());
                if (at < 0) {
                    lost.add(a.key() + "#" + a.seq() + " " + a.tag());
                } else if (at + 1 != a.seq()) {
                    misplaced.add(a.key() + " " + a.tag() + " acknowledged #" + a.seq() + ", journalled #" + (at + 1));
                }
            }
            for (Map.Entry<String, List<String>> e : journals.entrySet()) {
                Set<String> seen = new HashSet<>();
                for (String tag : e.getValue()) {
                    if (!seen.add(tag)) {
                        twice.add(e.getKey() + " " + tag);
                    }
                    if (!sent.contains(tag)) {
                        phantoms.add(e.getKey() + " " + tag);
                    }
                }
            }
            return new Report(acked, attempts.size() - acked, cap(minorityAcks), cap(duplicateSeqs), cap(lost),
                    cap(misplaced), cap(twice), cap(phantoms));
        }

        private static List<String> cap(List<String> list) {
            return List.copyOf(list.size() <= 20 ? list : list.subList(0, 20));
        }
    }
}

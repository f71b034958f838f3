package io.botgrid.it.tracing;

import static io.botgrid.it.tracing.Traces.assertChild;
import static io.botgrid.it.tracing.Traces.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.client.BotgridClient;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One trace per request across nodes: an SDK call that enters the cluster on node-0 for an actor owned by node-1
 * gives client span → gRPC server span → actor call (node-0) → processing on the owner (node-1, continuing the
 * {@code traceparent} sent over Ignite messaging) → turn → journal append, each the child of the one before.
 */
class TracingAcrossNodesTest {
    private static final String METHOD = "botgrid.v1.ActorService/Call";

    @Test
    @Timeout(120)
    void anSdkCallForAnActorOnTheOtherNodeIsOneTraceWithCorrectParents() throws Exception {
        try (Traces traces = new Traces();
             TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                     .openTelemetry(traces.sdk).start();
             BotgridClient client = BotgridClient.builder()
                     .endpoints("127.0.0.1:" + cluster.node(0).grpcPort())
                     .openTelemetry(traces.sdk).build()) {
            String key = keyOwnedBy(cluster, 1);

            client.actors().callBlocking(ItSupport.LEDGER, key, StringValue.of("append:traced"), StringValue.class);

            SpanData clientSpan = await().atMost(Duration.ofSeconds(20)).until(
                    () -> traces.find(s -> s.getName().equals(METHOD) && s.getKind() == SpanKind.CLIENT),
                    java.util.Optional::isPresent).orElseThrow();
            String traceId = clientSpan.getTraceId();
            List<SpanData> trace = await().atMost(Duration.ofSeconds(20)).until(() -> traces.trace(traceId),
                    t -> t.size() >= 6);

            SpanData server = one(trace, METHOD, SpanKind.SERVER);
            SpanData call = one(trace, "call " + ItSupport.LEDGER, SpanKind.CLIENT);
            SpanData process = one(trace, "process " + ItSupport.LEDGER, SpanKind.SERVER);
            SpanData turn = one(trace, "turn " + ItSupport.LEDGER, SpanKind.INTERNAL);
            SpanData append = one(trace, "journal.append", SpanKind.INTERNAL);
            assertThat(clientSpan.getParentSpanContext().isValid()).as("the SDK call starts the trace").isFalse();
            assertChild(clientSpan, server);
            assertChild(server, call);
            assertChild(call, process);
            assertChild(process, turn);
            assertChild(turn, append);

            assertThat(server.getAttributes().get(AttributeKey.stringKey("rpc.system"))).isEqualTo("grpc");
            assertThat(call.getAttributes().get(Traces.NODE)).isEqualTo("node-0");
            assertThat(process.getAttributes().get(Traces.NODE)).as("processed on the owner").isEqualTo("node-1");
            assertThat(turn.getAttributes().get(Traces.NODE)).isEqualTo("node-1");
            for (SpanData s : List.of(call, process, turn, append)) {
                assertThat(s.getAttributes().get(AttributeKey.stringKey("botgrid.actor.type")))
                        .as("actor type on %s", s.getName()).isEqualTo(ItSupport.LEDGER);
                assertThat(s.getAttributes().get(AttributeKey.stringKey("botgrid.actor.key")))
                        .as("actor key on %s", s.getName()).isEqualTo(key);
            }
            assertThat(call.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("botgrid");
            assertThat(append.getAttributes().get(AttributeKey.longKey("botgrid.journal.events"))).isEqualTo(1L);
        }
    }

    @Test
    @Timeout(120)
    void aCallThatFailsMarksItsSpansAsErrors() throws Exception {
        try (Traces traces = new Traces();
             TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                     .openTelemetry(traces.sdk).start()) {
            ActorId id = new ActorId(ItSupport.LEDGER, "bad");
            var reply = cluster.node(0).actors().ask(id, StringValue.of("no-such-command"),
                    io.botgrid.actor.CallOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(20)).until(reply::isDone);
            assertThat(reply).isCompletedExceptionally();
            SpanData call = await().atMost(Duration.ofSeconds(20)).until(
                    () -> traces.find(s -> s.getName().equals("call " + ItSupport.LEDGER)),
                    java.util.Optional::isPresent).orElseThrow();
            assertThat(call.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        }
    }

    private static String keyOwnedBy(TestCluster cluster, int node) {
        for (int i = 0; ; i++) {
            String key = "traced-" + i;
            if (cluster.ownerOf(new ActorId(ItSupport.LEDGER, key)).orElseThrow() == cluster.node(node)) {
                return key;
            }
        }
    }
}

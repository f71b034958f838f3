package io.botgrid.it.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's own tracing setup (from its {@code tracing*} keys, through OpenTelemetry's autoconfiguration) exports
 * over real OTLP/gRPC: a receiver built here from the collector's {@code TraceService} gets the spans of a call,
 * with the node's resource attributes.
 */
class OtlpExportTest {

    @Test
    @Timeout(120)
    void aNodeConfiguredForOtlpExportsItsSpansToTheCollector() throws Exception {
        Queue<ExportTraceServiceRequest> received = new ConcurrentLinkedQueue<>();
        Server collector = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request,
                                       StreamObserver<ExportTraceServiceResponse> response) {
                        received.add(request);
                        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                }).build().start();
        try {
            String endpoint = "http://127.0.0.1:" + collector.getPort();
            try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                    .configure(b -> b.tracingExporter("otlp").tracingEndpoint(endpoint).tracingSampleRatio(1.0))
                    .start()) {
                cluster.node(0).actors().ask(new ActorId(ItSupport.LEDGER, "exported"), StringValue.of("append:x"),
                        CallOptions.DEFAULT).get(30, TimeUnit.SECONDS);
            } // closing the node flushes its batch of spans

            List<ResourceSpans> resources = received.stream().flatMap(r -> r.getResourceSpansList().stream())
                    .toList();
            assertThat(resources).as("spans exported to the collector").isNotEmpty();
            Map<String, String> resource = attributes(resources.get(0).getResource().getAttributesList());
            assertThat(resource).containsEntry("service.name", "botgrid")
                    .containsEntry("service.instance.id", "node-0");
            List<Span> spans = resources.stream().flatMap(r -> r.getScopeSpansList().stream())
                    .flatMap((ScopeSpans s) -> s.getSpansList().stream()).toList();
            Map<String, Span> byName = spans.stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
            assertThat(byName).containsKeys("call " + ItSupport.LEDGER, "turn " + ItSupport.LEDGER, "journal.append");
            Span call = byName.get("call " + ItSupport.LEDGER);
            Span turn = byName.get("turn " + ItSupport.LEDGER);
            Span append = byName.get("journal.append");
            assertThat(call.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(turn.getTraceId()).isEqualTo(call.getTraceId());
            assertThat(turn.getParentSpanId()).as("a local call's turn is the call's child").isEqualTo(call.getSpanId());
            assertThat(append.getParentSpanId()).isEqualTo(turn.getSpanId());
            assertThat(attributes(call.getAttributesList())).containsEntry("botgrid.actor.type", ItSupport.LEDGER)
                    .containsEntry("botgrid.actor.key", "exported").containsEntry("messaging.system", "botgrid");
        } finally {
            collector.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(),
                (a, b) -> a));
    }
}

package io.botgrid.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorTypes;
import io.botgrid.samples.CounterBehavior;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server reflection in both versions tools speak, v1 and v1alpha, over a real socket: the services, and the message
 * types no service mentions but callers need to build an {@code Any} (the actor types' commands, events and replies,
 * the well-known wrappers).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcReflectionTest {
    private static TestCluster cluster;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(1)
                .actorTypes(ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior()).build())
                .start();
        channel = GrpcTestSupport.plaintext(cluster.node(0));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(List.of(channel));
        } finally {
            cluster.close();
        }
    }

    @Test
    void bothVersionsListTheServices() throws Exception {
        List<String> expected = List.of("botgrid.v1.ActorService", "botgrid.v1.ClusterService",
                "botgrid.v1.BotService", "botgrid.v1.ConversationService", "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
        assertThat(Reflection.listServices(channel)).containsAll(expected);
        assertThat(Reflection.listServicesV1alpha(channel)).containsAll(expected);
    }

    @ParameterizedTest(name = "v1alpha={0}")
    @ValueSource(booleans = {false, true})
    void messageTypesNoServiceMentionsAreFound(boolean v1alpha) throws Exception {
        // the counter's command is google.protobuf.StringValue, its events and replies Int64Value;
        // BotCommand is the command of the bot platform's Bot actor type
        assertDefined(Reflection.fileContainingSymbol(channel, "google.protobuf.StringValue", v1alpha),
                "google/protobuf/wrappers.proto", "StringValue");
        assertDefined(Reflection.fileContainingSymbol(channel, "google.protobuf.Int64Value", v1alpha),
                "google/protobuf/wrappers.proto", "Int64Value");
        assertDefined(Reflection.fileContainingSymbol(channel, "botgrid.v1.BotCommand", v1alpha),
                "botgrid/v1/bot_actors.proto", "BotCommand");
        assertDefined(Reflection.fileContainingSymbol(channel, "botgrid.v1.ActorService", v1alpha),
                "botgrid/v1/actors.proto", "CallActorRequest");
        Reflection.FileAnswer unknown = Reflection.fileContainingSymbol(channel, "no.such.Message", v1alpha);
        assertThat(unknown.files()).isEmpty();
        assertThat(unknown.errorMessage()).isEqualTo("Symbol not found.");
    }

    private static void assertDefined(Reflection.FileAnswer answer, String file, String message)
            throws InvalidProtocolBufferException {
        assertThat(answer.errorMessage()).as("error").isEmpty();
        assertThat(answer.files()).as("files").isNotEmpty();
        FileDescriptorProto first = FileDescriptorProto.parseFrom(answer.files().get(0));
        assertThat(first.getName()).isEqualTo(file);
        assertThat(first.getMessageTypeList()).extracting(m -> m.getName()).contains(message);
        for (ByteString f : answer.files()) {
            assertThat(FileDescriptorProto.parseFrom(f).getName()).as("no synthetic index file is handed out")
                    .isNotEqualTo("botgrid/v1/reflection_types.proto");
        }
    }
}

package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The role each method of the front needs, enumerated from the service descriptors, so that a method added to a
 * proto without a decision about its role fails here.
 */
class AuthInterceptorRolesTest {

    private static Map<String, Role> needed(ServiceDescriptor service) {
        Map<String, Role> roles = new TreeMap<>();
        for (MethodDescriptor<?, ?> m : service.getMethods()) {
            roles.put(m.getBareMethodName(), AuthInterceptor.neededRole(service.getName(), m.getFullMethodName())
                    .orElse(null));
        }
        return roles;
    }

    @Test
    void botServiceReadsAreForOperatorsAndChangesForAdmins() {
        assertThat(needed(BotServiceGrpc.getServiceDescriptor())).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("CreateBot", Role.ADMIN),
                Map.entry("GetBot", Role.OPERATOR),
                Map.entry("ListBots", Role.OPERATOR),
                Map.entry("UpdateBot", Role.ADMIN),
                Map.entry("PauseBot", Role.ADMIN),
                Map.entry("ResumeBot", Role.ADMIN),
                Map.entry("DeleteBot", Role.ADMIN),
                Map.entry("ConnectChannel", Role.ADMIN),
                Map.entry("DisconnectChannel", Role.ADMIN),
                Map.entry("GetBotStats", Role.OPERATOR)));
    }

    @Test
    void conversationsAreForClients() {
        assertThat(needed(ConversationServiceGrpc.getServiceDescriptor())).containsExactlyInAnyOrderEntriesOf(
                Map.of("SendMessage", Role.CLIENT, "Converse", Role.CLIENT, "GetHistory", Role.CLIENT,
                        "ListSessions", Role.CLIENT));
    }

    @Test
    void actorServiceRolesAreDecidedPerActorTypeAndClusterServiceKeepsItsRoles() {
        Map<String, Role> actorService = needed(ActorServiceGrpc.getServiceDescriptor());
        assertThat(actorService).isNotEmpty();
        assertThat(actorService.values()).as("no service-wide role: each type's ApiExposure decides").containsOnlyNulls();
        Map<String, Role> cluster = new TreeMap<>(Map.of("ListNodes", Role.OPERATOR, "GetPlacement", Role.OPERATOR,
                "DrainNode", Role.ADMIN));
        cluster.put("GetPartitionMap", null); // any authenticated caller: routing clients of every role need it
        cluster.put("ListAuditEntries", Role.ADMIN); // the history of changes, for those who may make them
        assertThat(needed(ClusterServiceGrpc.getServiceDescriptor())).containsExactlyInAnyOrderEntriesOf(cluster);
        assertThat(needed(io.botgrid.proto.v1.PluginServiceGrpc.getServiceDescriptor()))
                .as("deploying code is for admins; operators may see what is deployed")
                .containsExactlyInAnyOrderEntriesOf(Map.of("UploadPlugin", Role.ADMIN, "RemovePlugin", Role.ADMIN,
                        "ListPlugins", Role.OPERATOR));
    }

    @Test
    void adminMayDoEverythingOthersOnlyTheirOwn() {
        for (Role needed : Role.values()) {
            assertThat(AuthInterceptor.permits(Role.ADMIN, needed)).isTrue();
        }
        assertThat(AuthInterceptor.permits(Role.OPERATOR, Role.CLIENT)).isFalse();
        assertThat(AuthInterceptor.permits(Role.CLIENT, Role.OPERATOR)).isFalse();
        assertThat(AuthInterceptor.permits(Role.OPERATOR, Role.ADMIN)).isFalse();
    }
}

package io.botgrid.grpc.internal;

import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.PluginServiceGrpc;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.WorkerServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the bearer token of every call but health checking and reflection, and the caller's role against the
 * method: {@code client} for the conversation service (talking to bots is what applications do), {@code operator}
 * for reads of the cluster and bot services (dashboards), {@code admin} for everything and alone for changes
 * (draining, creating, changing or connecting bots; declaring and removing worker specs). In the worker service,
 * send, broadcast and push need {@code client}, the reads (specs, status, registry) {@code operator}. In the plugin
 * service, listing needs {@code operator}, uploading and removing {@code admin}. The actor service is the exception:
 * which roles may call or
 * follow an actor is the actor type's own {@link io.botgrid.actor.ApiExposure}, so the service checks it once it knows
 * the type; here its calls are only authenticated. The caller is put in the call's {@link Context} as
 * {@link #PRINCIPAL}.
 */
final class AuthInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<Authenticator.Principal> PRINCIPAL = Context.key("botgrid-principal");

    private static final Set<String> OPERATOR_METHODS = Set.of(
            ClusterServiceGrpc.getListNodesMethod().getFullMethodName(),
            ClusterServiceGrpc.getGetPlacementMethod().getFullMethodName(),
            ReplicationServiceGrpc.getGetRegionRoleMethod().getFullMethodName(),
            BotServiceGrpc.getGetBotMethod().getFullMethodName(),
            BotServiceGrpc.getListBotsMethod().getFullMethodName(),
            BotServiceGrpc.getGetBotStatsMethod().getFullMethodName(),
            WorkerServiceGrpc.getListSpecsMethod().getFullMethodName(),
            WorkerServiceGrpc.getGetSpecMethod().getFullMethodName(),
            WorkerServiceGrpc.getGetStatusMethod().getFullMethodName(),
            WorkerServiceGrpc.getLookupNameMethod().getFullMethodName(),
            WorkerServiceGrpc.getListNamesMethod().getFullMethodName(),
            PluginServiceGrpc.getListPluginsMethod().getFullMethodName());
    /** Methods of applications: talking to workers. */
    private static final Set<String> CLIENT_METHODS = Set.of(
            WorkerServiceGrpc.getSendMethod().getFullMethodName(),
            WorkerServiceGrpc.getBroadcastMethod().getFullMethodName(),
            WorkerServiceGrpc.getPushMethod().getFullMethodName());

    /** Read by routing clients of any role (it names only the nodes' endpoints): authenticated only. */
    private static final String PARTITION_MAP = ClusterServiceGrpc.getGetPartitionMapMethod().getFullMethodName();

    private final Authenticator authenticator;

    AuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (OpenServices.contains(service)) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        Authenticator.Principal principal;
        try {
            principal = authenticator.authenticate(headers.get(AUTHORIZATION));
        } catch (StatusRuntimeException e) {
            return refuse(call, e.getStatus().withDescription(e.getStatus().getDescription() + " (calling " + method
                    + ")"));
        }
        AuditInterceptor.identify(principal);
        Optional<Role> neededRole = neededRole(service, method);
        if (neededRole.isPresent() && !permits(principal.role(), neededRole.get())) {
            Role needed = neededRole.get();
            return refuse(call, Status.PERMISSION_DENIED.withDescription("role '" + principal.role().label()
                    + "' of " + principal.name() + " may not call " + method + ": it needs "
                    + (needed == Role.ADMIN ? "admin" : needed.label() + " or admin")));
        }
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
    }

    /**
     * The role a method needs; empty for the actor service, whose roles each actor type states, and for the partition
     * map, which every caller of actors may need.
     */
    static Optional<Role> neededRole(String service, String method) {
        if (ActorServiceGrpc.SERVICE_NAME.equals(service) || PARTITION_MAP.equals(method)) {
            return Optional.empty();
        }
        if (ConversationServiceGrpc.SERVICE_NAME.equals(service) || CLIENT_METHODS.contains(method)) {
            return Optional.of(Role.CLIENT);
        }
        if (OPERATOR_METHODS.contains(method)) {
            return Optional.of(Role.OPERATOR);
        }
        return Optional.of(Role.ADMIN);
    }

    static boolean permits(Role held, Role needed) {
        return held == Role.ADMIN || held == needed;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}

package io.botgrid.grpc.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.PluginServiceGrpc;
import io.botgrid.proto.v1.RemovePluginRequest;
import io.botgrid.proto.v1.UploadPluginRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DeclareSpecRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.RegionRoleRequest;
import io.botgrid.proto.v1.RemoveSpecRequest;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.botgrid.proto.v1.WorkerServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The management methods the audit log records, each with how to read its target from the request: only ids (bot,
 * node, spec, region, channel kind, plugin {@code name@version}), never a setting or a jar, so a channel's secrets or
 * a worker's settings cannot reach the
 * log. Reads are not recorded, nor are calls to actors and bots (that is traffic, not management), nor the
 * replication stream between regions. A method added to the front that changes the cluster belongs here.
 */
final class AuditedMethods {
    /** Reads a request's target from its bytes; a request that does not parse has none (it is refused anyway). */
    @FunctionalInterface
    private interface Target {
        String of(byte[] request) throws InvalidProtocolBufferException;
    }

    private static final Map<String, Target> METHODS = new LinkedHashMap<>();
    /** Every method of the Botgrid services, audited first: a refused call of any of them is recorded too. */
    private static final List<String> ALL_METHODS = new ArrayList<>();

    static {
        add(BotServiceGrpc.getCreateBotMethod(), b -> CreateBotRequest.parseFrom(b).getBotId());
        add(BotServiceGrpc.getUpdateBotMethod(), b -> UpdateBotRequest.parseFrom(b).getBotId());
        add(BotServiceGrpc.getPauseBotMethod(), b -> BotRef.parseFrom(b).getBotId());
        add(BotServiceGrpc.getResumeBotMethod(), b -> BotRef.parseFrom(b).getBotId());
        add(BotServiceGrpc.getDeleteBotMethod(), b -> BotRef.parseFrom(b).getBotId());
        add(BotServiceGrpc.getConnectChannelMethod(), b -> {
            ConnectChannelRequest r = ConnectChannelRequest.parseFrom(b);
            return r.getBotId() + "/" + channel(r.getKindValue());
        });
        add(BotServiceGrpc.getDisconnectChannelMethod(), b -> {
            DisconnectChannelRequest r = DisconnectChannelRequest.parseFrom(b);
            return r.getBotId() + "/" + channel(r.getKindValue());
        });
        add(ClusterServiceGrpc.getDrainNodeMethod(), b -> DrainNodeRequest.parseFrom(b).getNodeId());
        add(WorkerServiceGrpc.getDeclareSpecMethod(), b -> DeclareSpecRequest.parseFrom(b).getSpec().getId());
        add(WorkerServiceGrpc.getRemoveSpecMethod(), b -> RemoveSpecRequest.parseFrom(b).getId());
        add(ReplicationServiceGrpc.getPromoteRegionMethod(), b -> RegionRoleRequest.parseFrom(b).getRegion());
        add(ReplicationServiceGrpc.getDemoteRegionMethod(), b -> RegionRoleRequest.parseFrom(b).getRegion());
        add(ReplicationServiceGrpc.getSetStandbyMethod(), b -> RegionRoleRequest.parseFrom(b).getRegion());
        add(PluginServiceGrpc.getUploadPluginMethod(), b -> {
            UploadPluginRequest r = UploadPluginRequest.parseFrom(b);
            return r.getName() + "@" + r.getVersion();
        });
        add(PluginServiceGrpc.getRemovePluginMethod(), b -> {
            RemovePluginRequest r = RemovePluginRequest.parseFrom(b);
            return r.getName() + "@" + r.getVersion();
        });
        ALL_METHODS.addAll(METHODS.keySet());
        for (ServiceDescriptor service : List.of(ActorServiceGrpc.getServiceDescriptor(),
                BotServiceGrpc.getServiceDescriptor(), ConversationServiceGrpc.getServiceDescriptor(),
                ClusterServiceGrpc.getServiceDescriptor(), WorkerServiceGrpc.getServiceDescriptor(),
                ReplicationServiceGrpc.getServiceDescriptor(), PluginServiceGrpc.getServiceDescriptor())) {
            service.getMethods().stream().map(MethodDescriptor::getFullMethodName)
                    .filter(m -> !ALL_METHODS.contains(m)).forEach(ALL_METHODS::add);
        }
    }

    private AuditedMethods() {
    }

    private static void add(MethodDescriptor<?, ?> method, Target target) {
        METHODS.put(method.getFullMethodName(), target);
    }

    /** {@code slack}, {@code webhook}, ... from the enum's number; the number itself if this build does not know it. */
    private static String channel(int kind) {
        io.botgrid.proto.v1.ChannelKind k = io.botgrid.proto.v1.ChannelKind.forNumber(kind);
        return k == null ? String.valueOf(kind) : k.name().replace("CHANNEL_KIND_", "").toLowerCase(Locale.ROOT);
    }

    static boolean contains(String fullMethodName) {
        return METHODS.containsKey(fullMethodName);
    }

    /** The target of a request of an audited method, or empty (not audited, or the request does not parse). */
    static String target(String fullMethodName, Object request) {
        Target t = METHODS.get(fullMethodName);
        if (t == null || !(request instanceof byte[] bytes)) {
            return "";
        }
        try {
            return t.of(bytes);
        } catch (InvalidProtocolBufferException e) {
            return "";
        }
    }

    /**
     * How an action is written in an entry: {@code botgrid.v1.BotService/CreateBot} becomes
     * {@code BotService/CreateBot}.
     */
    static String action(String fullMethodName) {
        return fullMethodName.startsWith("botgrid.v1.") ? fullMethodName.substring("botgrid.v1.".length())
                : fullMethodName;
    }

    /**
     * The action a filter names: {@code BotService/CreateBot}, {@code botgrid.v1.BotService/CreateBot} or just
     * {@code CreateBot}, of an audited method or of any other method of the Botgrid services (whose refused calls are
     * recorded); empty for no filter. A bare method name matches the first service that has it, audited ones first.
     *
     * @throws IllegalArgumentException naming the audited actions, if it names none of them
     */
    static Optional<String> resolve(String filter) {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        String f = filter.trim();
        for (String full : ALL_METHODS) {
            String action = action(full);
            if (full.equals(f) || action.equals(f) || action.substring(action.indexOf('/') + 1).equals(f)) {
                return Optional.of(action);
            }
        }
        throw new IllegalArgumentException("action '" + f + "' is not an audited action; audited actions are "
                + METHODS.keySet().stream().map(AuditedMethods::action).toList()
                + ", and refused calls of any method of the Botgrid services");
    }
}

package io.botgrid.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.ApiExposure;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.grpc.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Protobuf message names of each actor type's commands, events and replies, which the gRPC front puts in and
 * checks against {@code google.protobuf.Any} type URLs, and each type's {@link ApiExposure} in the front's own
 * {@link Role}s. Computed once at start from the behaviours' parsers and the types' settings.
 */
final class TypeCatalog {
    static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    /** What the generic actor API may do with a type: send it commands, or follow its events. */
    enum Access {
        CALL("call"), FOLLOW("follow the events of");

        private final String verb;

        Access(String verb) {
            this.verb = verb;
        }

        String verb() {
            return verb;
        }
    }

    /** The message names of one actor type, and the roles that may reach it through the generic actor API. */
    record Entry(ActorTypes.Registration registration, String command, String event, String reply,
                 Set<Role> callRoles, Set<Role> followRoles) {
        Entry {
            callRoles = Set.copyOf(callRoles);
            followRoles = Set.copyOf(followRoles);
        }

        /** Whether the generic actor API may reach the type at all. */
        boolean exposed() {
            return registration.settings().apiExposure().exposed();
        }

        Set<Role> roles(Access access) {
            return access == Access.CALL ? callRoles : followRoles;
        }

        String commandTypeUrl() {
            return TYPE_URL_PREFIX + command;
        }

        String eventTypeUrl() {
            return TYPE_URL_PREFIX + event;
        }

        String replyTypeUrl() {
            return TYPE_URL_PREFIX + reply;
        }
    }

    private final ActorTypes types;
    private final Map<String, Entry> entries = new HashMap<>();
    private final List<FileDescriptor> files = new ArrayList<>();

    TypeCatalog(ActorTypes types) {
        this.types = types;
        for (String name : types.names()) {
            ActorTypes.Registration r = types.find(name).orElseThrow();
            EventSourcedBehavior<?, ?, ?, ?> b = r.behavior();
            Descriptor command = descriptor(b.commandParser());
            Descriptor event = descriptor(b.eventParser());
            Descriptor reply = descriptor(b.replyParser());
            ApiExposure exposure = r.settings().apiExposure();
            entries.put(name, new Entry(r, command.getFullName(), event.getFullName(), reply.getFullName(),
                    roles(exposure.callRoles()), roles(exposure.followRoles())));
            files.addAll(List.of(command.getFile(), event.getFile(), reply.getFile()));
        }
    }

    /** The files defining the commands, events and replies of every type (repeats included), for reflection. */
    List<FileDescriptor> files() {
        return List.copyOf(files);
    }

    /** The front's roles named by an exposure's role labels (the two are kept equal; see {@link ApiExposure}). */
    static Set<Role> roles(Set<String> labels) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String label : labels) {
            roles.add(Role.of(label));
        }
        return roles;
    }

    /** Any registered type, exposed or not: for the cluster service's placement, which reads no actor state. */
    Optional<Entry> find(String type) {
        return Optional.ofNullable(entries.get(type));
    }

    /** A type the generic actor API may reach; empty for an internal type exactly as for an unknown one. */
    Optional<Entry> findExposed(String type) {
        return find(type).filter(Entry::exposed);
    }

    String knownTypes() {
        return types.names().stream().sorted().toList().toString();
    }

    /** The names of the types the generic actor API may reach, sorted; internal types are never named to callers. */
    String exposedTypes() {
        return entries.values().stream().filter(Entry::exposed).map(e -> e.registration().type()).sorted().toList()
                .toString();
    }

    /** Whether an {@code Any} type URL names the message: anything ending in {@code /<full name>}. */
    static boolean names(String typeUrl, String fullName) {
        int slash = typeUrl.lastIndexOf('/');
        return slash >= 0 && typeUrl.substring(slash + 1).equals(fullName);
    }

    private static Descriptor descriptor(Parser<? extends Message> parser) {
        try {
            return parser.parsePartialFrom(ByteString.EMPTY).getDescriptorForType();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot tell the message type of parser " + parser.getClass().getName(), e);
        }
    }
}

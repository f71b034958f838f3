package io.botgrid.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.EventSourcedBehavior;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Protobuf message names of each actor type's commands, events and replies, which the gRPC front puts in and
 * checks against {@code google.protobuf.Any} type URLs. Computed once at start from the behaviours' parsers.
 */
final class TypeCatalog {
    static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    /** The message names of one actor type. */
    record Entry(ActorTypes.Registration registration, String command, String event, String reply) {
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
            entries.put(name, new Entry(r, command.getFullName(), event.getFullName(), reply.getFullName()));
            files.addAll(List.of(command.getFile(), event.getFile(), reply.getFile()));
        }
    }

    /** The files defining the commands, events and replies of every type (repeats included), for reflection. */
    List<FileDescriptor> files() {
        return List.copyOf(files);
    }

    Optional<Entry> find(String type) {
        return Optional.ofNullable(entries.get(type));
    }

    String knownTypes() {
        return types.names().stream().sorted().toList().toString();
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

package io.botgrid.node.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.botgrid.actor.ActorTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes sure every node of a cluster hosts the same actor types, with the same messages.
 *
 * <p>Why: any node may own any actor, so a node without a type answers "unknown actor type" for the keys it owns,
 * and a node whose type takes other messages misreads the journal the others wrote. Each node publishes its types as
 * a node attribute ({@link #ATTRIBUTE}: every type with the full names of its command, event and reply messages); a
 * starting node compares its own with every other server node's and refuses to start, saying what differs, before it
 * hosts anything. Behaviour code is deliberately not compared: a rolling upgrade that changes how a type decides, with
 * the same messages, must be possible.
 */
public final class ActorTypeAgreement {
    /** The node attribute holding {@link #describe}'s text. */
    public static final String ATTRIBUTE = "botgrid.actor-types";

    private ActorTypeAgreement() {
    }

    /** {@code type=Command>Event>Reply} per type, sorted by type and separated by {@code ;}. */
    public static String describe(ActorTypes types) {
        Map<String, String> sorted = new TreeMap<>();
        for (String name : types.names()) {
            var behavior = types.find(name).orElseThrow().behavior();
            sorted.put(name, messageName(behavior.commandParser()) + ">" + messageName(behavior.eventParser()) + ">"
                    + messageName(behavior.replyParser()));
        }
        StringBuilder b = new StringBuilder();
        sorted.forEach((name, messages) -> b.append(b.length() == 0 ? "" : ";").append(name).append('=')
                .append(messages));
        return b.toString();
    }

    /**
     * Why {@code local} cannot join a cluster whose other nodes publish {@code others} (node name → description), or
     * empty when it can. Nodes that publish nothing (before this check existed) are not compared.
     */
    public static Optional<String> disagreement(String localNode, String local, Map<String, String> others) {
        Map<String, String> mine = parse(local);
        for (Map.Entry<String, String> other : new TreeMap<>(others).entrySet()) {
            if (other.getValue() == null) {
                continue;
            }
            Map<String, String> theirs = parse(other.getValue());
            List<String> differences = new ArrayList<>();
            for (String type : new TreeSet<>(union(mine, theirs))) {
                String a = mine.get(type);
                String b = theirs.get(type);
                if (a == null) {
                    differences.add("type '" + type + "' is missing here");
                } else if (b == null) {
                    differences.add("type '" + type + "' is missing there");
                } else if (!a.equals(b)) {
                    differences.add("type '" + type + "' takes " + a + " here but " + b + " there");
                }
            }
            if (!differences.isEmpty()) {
                return Optional.of("node " + localNode + " hosts other actor types than node " + other.getKey()
                        + ": " + String.join("; ", differences) + ". Every node of a cluster must host the same actor "
                        + "types with the same messages (command>event>reply): give every node the same plugins "
                        + "folder and the same registered types");
            }
        }
        return Optional.empty();
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static Map<String, String> parse(String description) {
        Map<String, String> types = new TreeMap<>();
        if (description.isEmpty()) {
            return types;
        }
        for (String entry : description.split(";")) {
            int eq = entry.indexOf('=');
            types.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return types;
    }

    /** The full name of the message a parser makes, read from the message an empty input parses to. */
    private static String messageName(Parser<? extends Message> parser) {
        try {
            return parser.parseFrom(ByteString.EMPTY).getDescriptorForType().getFullName();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // A message with required fields (proto2) does not parse from nothing: its partial form still names it.
            try {
                return parser.parsePartialFrom(ByteString.EMPTY).getDescriptorForType().getFullName();
            } catch (com.google.protobuf.InvalidProtocolBufferException again) {
                return "?";
            }
        }
    }
}

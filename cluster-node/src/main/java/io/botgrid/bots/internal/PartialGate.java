package io.botgrid.bots.internal;

import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.PartialReply;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Converse streams of this node that want partial replies, by session: {@link PartialBus} hands every partial
 * reply that reaches the node here, and only the streams of that session see it.
 *
 * <p>Why a gate of its own: a session's handler runs on the node that owns the session, while the caller's stream is
 * held by whichever node it connected to; the journal brings the final reply to that node, but partial replies are
 * not stored, so they need this second, best-effort path. Thread-safe.
 */
final class PartialGate {
    private final Map<String, Set<Consumer<PartialReply>>> streams = new ConcurrentHashMap<>();

    /** Lets {@code onPartial} see the partial replies of {@code session} until the subscription is closed. */
    BotsApi.Subscription open(SessionKey session, Consumer<PartialReply> onPartial) {
        String key = session.actorKey();
        streams.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(onPartial);
        return () -> streams.computeIfPresent(key, (k, set) -> {
            set.remove(onPartial);
            return set.isEmpty() ? null : set;
        });
    }

    /** Hands a partial reply to the streams of its session on this node, if any. */
    void deliver(String sessionKey, PartialReply partial) {
        Set<Consumer<PartialReply>> set = streams.get(sessionKey);
        if (set != null) {
            for (Consumer<PartialReply> stream : set) {
                stream.accept(partial);
            }
        }
    }
}

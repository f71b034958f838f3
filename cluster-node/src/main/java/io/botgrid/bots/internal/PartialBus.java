package io.botgrid.bots.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.bots.PartialReplies;
import io.botgrid.proto.v1.PartialReply;
import io.botgrid.proto.v1.PartialReplyRoute;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries partial replies from the node running a session's handler to the {@link PartialGate} of every server node,
 * over Ignite messaging.
 *
 * <p>Why every server node and not the one holding the stream: which node holds a caller's Converse stream is not
 * recorded anywhere (streams come and go with connections), and partial replies are rare and small next to the
 * journal traffic of the same messages; a node without a stream for the session drops them at once. Sending is
 * fire-and-forget: a partial reply lost on the way costs nothing, the final reply comes through the journal.
 */
final class PartialBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartialBus.class);
    static final String TOPIC = "botgrid.partials";

    private final Supplier<Ignite> ignite;
    private final PartialGate gate;
    private volatile IgniteBiPredicate<UUID, Object> listener;

    PartialBus(Supplier<Ignite> ignite, PartialGate gate) {
        this.ignite = ignite;
        this.gate = gate;
    }

    /** Starts taking the cluster's partial replies for this node's gate; once Ignite runs. */
    void start() {
        IgniteBiPredicate<UUID, Object> l = (from, message) -> {
            if (message instanceof byte[] bytes) {
                try {
                    PartialReplyRoute route = PartialReplyRoute.parseFrom(bytes);
                    gate.deliver(route.getSessionKey(), route.getPartial());
                } catch (InvalidProtocolBufferException e) {
                    LOG.debug("A partial reply from node {} could not be read: {}", from, e.getMessage());
                }
            }
            return true; // keep listening
        };
        listener = l;
        ignite.get().message().localListen(TOPIC, l);
    }

    /** Where the handler of one message of {@code session} publishes its partial replies. */
    PartialReplies forMessage(SessionKey session, String messageId) {
        String key = session.actorKey();
        return (index, textSoFar) -> publish(PartialReplyRoute.newBuilder().setSessionKey(key)
                .setPartial(PartialReply.newBuilder().setInReplyTo(messageId).setIndex(index).setText(textSoFar))
                .build());
    }

    private void publish(PartialReplyRoute route) {
        try {
            Ignite i = ignite.get();
            i.message(i.cluster().forServers()).send(TOPIC, route.toByteArray());
        } catch (RuntimeException e) {
            LOG.debug("Partial reply of session {} not sent: {}", route.getSessionKey(), e.toString());
        }
    }

    @Override
    public void close() {
        IgniteBiPredicate<UUID, Object> l = listener;
        listener = null;
        if (l != null) {
            try {
                ignite.get().message().stopLocalListen(TOPIC, l);
            } catch (RuntimeException e) {
                LOG.debug("Partial replies listener not removed: {}", e.toString());
            }
        }
    }
}

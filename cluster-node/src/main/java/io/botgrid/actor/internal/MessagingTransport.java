package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.proto.v1.CallBatch;
import io.botgrid.proto.v1.CallRequest;
import io.botgrid.proto.v1.CallResponse;
import io.botgrid.proto.v1.ResponseBatch;
import io.botgrid.telemetry.RuntimeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteMessaging;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls and responses as batched Ignite messages.
 *
 * <p>Each destination node has an outbox; the first message into an empty outbox schedules a flush, and the flush
 * sends everything that queued meanwhile as one Protobuf batch in one Ignite message. Under load this turns
 * thousands of small calls into a few hundred messages a second, which is what makes remote calls cheap on two
 * cores. Ignite's communication layer carries the bytes; calls carry idempotency keys, so retries after a lost
 * message or a dead node are safe.
 */
final class MessagingTransport implements RemoteTransport {
    private static final Logger LOG = LoggerFactory.getLogger(MessagingTransport.class);
    static final String CALLS = "botgrid.calls";
    static final String RESPONSES = "botgrid.responses";

    private final Ignite ignite;
    private final Executor executor;
    private final RuntimeMetrics metrics;
    private final int maxBatch;
    private final Map<Long, Call> pending = new ConcurrentHashMap<>();
    private final Map<UUID, Outbox<CallRequest>> callOutboxes = new ConcurrentHashMap<>();
    private final Map<UUID, Outbox<CallResponse>> responseOutboxes = new ConcurrentHashMap<>();
    private Receiver receiver;
    private Router router;
    private IgniteBiPredicate<UUID, Object> callListener;
    private IgniteBiPredicate<UUID, Object> responseListener;

    MessagingTransport(Ignite ignite, Executor executor, RuntimeMetrics metrics, int maxBatch) {
        this.ignite = ignite;
        this.executor = executor;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
    }

    @Override
    public void start(Receiver receiver, Router router) {
        this.receiver = receiver;
        this.router = router;
        callListener = (from, msg) -> {
            onCalls(from, (byte[]) msg);
            return true;
        };
        responseListener = (from, msg) -> {
            onResponses((byte[]) msg);
            return true;
        };
        ignite.message().localListen(CALLS, callListener);
        ignite.message().localListen(RESPONSES, responseListener);
    }

    @Override
    public void send(ClusterNode owner, Call call, CallRequest request) {
        pending.put(call.id, call);
        callOutboxes.computeIfAbsent(owner.id(), id -> new Outbox<>(id, CALLS,
                batch -> CallBatch.newBuilder().addAllCalls(batch).build().toByteArray(),
                failed -> failed.forEach(r -> retry(r.getCallId())))).add(request);
    }

    private void retry(long callId) {
        Call call = pending.remove(callId);
        if (call != null) {
            metrics.remoteCall("resent");
            router.retryLater(call);
        }
    }

    private void onCalls(UUID from, byte[] bytes) {
        CallBatch batch;
        try {
            batch = CallBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Dropped a call batch from node {} that does not parse: {}", from, e.getMessage());
            return;
        }
        Outbox<CallResponse> out = responseOutboxes.computeIfAbsent(from, id -> new Outbox<>(id, RESPONSES,
                b -> ResponseBatch.newBuilder().addAllResponses(b).build().toByteArray(),
                failed -> LOG.debug("{} responses to node {} were not sent: it left", failed.size(), id)));
        for (CallRequest request : batch.getCallsList()) {
            receiver.receive(request, out::add);
        }
    }

    private void onResponses(byte[] bytes) {
        ResponseBatch batch;
        try {
            batch = ResponseBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Dropped a response batch that does not parse: {}", e.getMessage());
            return;
        }
        for (CallResponse response : batch.getResponsesList()) {
            Call call = pending.remove(response.getCallId());
            if (call != null) {
                metrics.remoteCall("answered");
                router.onResponse(call, response);
            }
        }
    }

    @Override
    public void nodeLeft(UUID nodeId) {
        callOutboxes.remove(nodeId);
        responseOutboxes.remove(nodeId);
        for (Call call : pending.values()) {
            if (nodeId.equals(call.sentTo)) {
                retry(call.id);
            }
        }
        pending.values().removeIf(Call::isDone);
    }

    @Override
    public void close() {
        if (callListener != null) {
            ignite.message().stopLocalListen(CALLS, callListener);
            ignite.message().stopLocalListen(RESPONSES, responseListener);
        }
    }

    /** Pending calls whose callers already gave up are forgotten here. */
    void forgetAbandoned() {
        pending.values().removeIf(Call::isDone);
    }

    /** Queue of messages for one node, flushed as batches on the runtime's executor. */
    private final class Outbox<T extends Message> {
        private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final String topic;
        private final Function<List<T>, byte[]> encode;
        private final Consumer<List<T>> onFailure;
        private final IgniteMessaging messaging;

        Outbox(UUID node, String topic, Function<List<T>, byte[]> encode, Consumer<List<T>> onFailure) {
            this.topic = topic;
            this.encode = encode;
            this.onFailure = onFailure;
            this.messaging = ignite.message(ignite.cluster().forNodeId(node));
        }

        void add(T message) {
            queue.add(message);
            if (scheduled.compareAndSet(false, true)) {
                executor.execute(this::flush);
            }
        }

        private void flush() {
            scheduled.set(false);
            while (!queue.isEmpty()) {
                List<T> batch = new ArrayList<>(Math.min(maxBatch, 64));
                T m;
                while (batch.size() < maxBatch && (m = queue.poll()) != null) {
                    batch.add(m);
                }
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    messaging.send(topic, encode.apply(batch));
                } catch (RuntimeException e) {
                    LOG.debug("Sending {} messages on {} failed: {}", batch.size(), topic, e.getMessage());
                    onFailure.accept(batch);
                }
            }
        }
    }
}

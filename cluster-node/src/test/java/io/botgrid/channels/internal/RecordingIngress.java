package io.botgrid.channels.internal;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.IngressHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An {@link IngressHandler} with fixed secrets that records what it is given and stores as told. */
public final class RecordingIngress implements IngressHandler {
    private final Map<String, ChannelSecrets> secrets = new ConcurrentHashMap<>();
    private final List<InboundMessage> accepted = new CopyOnWriteArrayList<>();
    private final List<Thread> acceptThreads = new CopyOnWriteArrayList<>();
    private volatile Function<InboundMessage, CompletableFuture<Void>> storage =
            m -> CompletableFuture.completedFuture(null);

    /** Gives {@code botId} a channel of {@code kind}. */
    public RecordingIngress with(String botId, ChannelKind kind, ChannelSecrets channelSecrets) {
        secrets.put(botId + "/" + kind, channelSecrets);
        return this;
    }

    /** How {@link #accept} stores from now on. */
    public void storeWith(Function<InboundMessage, CompletableFuture<Void>> storage) {
        this.storage = storage;
    }

    /** Messages passed to {@link #accept}, in order. */
    public List<InboundMessage> accepted() {
        return List.copyOf(accepted);
    }

    /** Threads {@link #accept} was called on. */
    public List<Thread> acceptThreads() {
        return List.copyOf(acceptThreads);
    }

    @Override
    public Optional<ChannelSecrets> secrets(String botId, ChannelKind kind) {
        return Optional.ofNullable(secrets.get(botId + "/" + kind));
    }

    @Override
    public CompletableFuture<Void> accept(InboundMessage message) {
        accepted.add(message);
        acceptThreads.add(Thread.currentThread());
        return storage.apply(message);
    }
}

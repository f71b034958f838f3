package io.botgrid.node.internal;

import io.botgrid.bots.handlers.ChainCallException;
import io.botgrid.bots.handlers.ChainPort;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.cluster.SpecRecord;
import io.botgrid.workers.cluster.WorkerCallException;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.spi.WorkerMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bot platform's {@link ChainPort} on the cluster's workers: a bot's message becomes a {@link WorkerMessage}
 * (UTF-8 text, the conversation as key, the headers) pushed into the chain's head wherever the chain runs, and the
 * outputs come back as text. Refusals become a {@link ChainCallException} that starts with the status code.
 *
 * <p>Why a supplier: the bot platform is built before the node joins its cluster, the worker cluster only once the
 * cluster is active; until then every chain is unavailable.
 */
public final class WorkerChains implements ChainPort {
    private static final int RETRIES = 4;
    private final Supplier<Optional<WorkerCluster>> workers;

    public WorkerChains(Supplier<Optional<WorkerCluster>> workers) {
        this.workers = workers;
    }

    @Override
    public Optional<String> problem(String chainId) {
        Optional<WorkerCluster> w = workers.get();
        if (w.isEmpty()) {
            return Optional.of("the workers of this node are not started yet");
        }
        Optional<SpecRecord> spec = w.get().spec(chainId);
        if (spec.isEmpty()) {
            return Optional.of("no worker spec '" + chainId + "' is declared");
        }
        if (!(spec.get().spec() instanceof ChainSpec)) {
            return Optional.of("worker spec '" + chainId + "' is a " + kind(spec.get()) + ", not a chain");
        }
        return Optional.empty();
    }

    @Override
    public CompletionStage<List<String>> push(String chainId, String key, String text, Map<String, String> headers) {
        Optional<WorkerCluster> w = workers.get();
        if (w.isEmpty()) {
            return CompletableFuture.failedFuture(new ChainCallException(
                    "UNAVAILABLE: the workers of this node are not started yet"));
        }
        WorkerMessage message = new WorkerMessage(text.getBytes(StandardCharsets.UTF_8), key, headers);
        return attempt(w.get(), chainId, message, 0).handle((outputs, error) -> {
            if (error != null) {
                throw new ChainCallException("chain '" + chainId + "': " + describe(error));
            }
            List<String> texts = new ArrayList<>(outputs.size());
            for (WorkerMessage m : outputs) {
                texts.add(m.text());
            }
            return texts;
        });
    }

    /**
     * One push, tried again after {@code 100 ms × 2^n} while the chain answers {@code UNAVAILABLE} (restarting, being
     * moved, or not started on its new node yet), at most {@value #RETRIES} times: such a refusal is over in moments,
     * and the session would otherwise fail the message. The session's handler timeout bounds it all.
     */
    private static CompletableFuture<List<WorkerMessage>> attempt(WorkerCluster workers, String chainId,
                                                                  WorkerMessage message, int retry) {
        CompletableFuture<List<WorkerMessage>> pushed;
        try {
            pushed = workers.push(chainId, Optional.empty(), message);
        } catch (RuntimeException e) {
            pushed = CompletableFuture.failedFuture(e);
        }
        if (retry >= RETRIES) {
            return pushed;
        }
        return pushed.handle((outputs, error) -> {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof WorkerCallException c && c.code() == WorkerErrorCode.UNAVAILABLE) {
                Executor later = CompletableFuture.delayedExecutor(100L << retry, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later)
                        .thenCompose(ignored -> attempt(workers, chainId, message, retry + 1));
            }
            return error == null ? CompletableFuture.completedFuture(outputs)
                    : CompletableFuture.<List<WorkerMessage>>failedFuture(e);
        }).thenCompose(f -> f);
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof WorkerCallException c) {
            return c.code() + ": " + c.getMessage();
        }
        if (e instanceof WorkerException c) {
            return c.code() + ": " + c.getMessage();
        }
        return e.toString();
    }

    private static String kind(SpecRecord r) {
        return r.spec() instanceof GroupSpec ? "group" : r.spec() instanceof StandaloneSpec ? "standalone worker"
                : "chain";
    }
}

package io.botgrid.console.internal;

import io.botgrid.actor.ActorException;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.bots.platform.BotApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for the node's services on a request's thread, bounded, and turns their failures into refusals with a precise
 * HTTP status: a bad request is 400, an unknown bot 404, a conflict 409, a rate limit 429, a cluster that is not ready
 * 503, a wait that runs out 504.
 */
final class Futures {
    static final Duration WAIT = Duration.ofSeconds(10);

    private Futures() {
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpRefusal.unavailable("the console is stopping");
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new HttpRefusal(504, "DEADLINE_EXCEEDED", "the cluster did not answer within " + WAIT.toSeconds()
                    + " s");
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        }
    }

    /** Looks a service up (the bot platform, the workers), which throws while the node is not ready. */
    static <T> T service(Supplier<T> supplier, String what) {
        try {
            return supplier.get();
        } catch (IllegalStateException e) {
            throw HttpRefusal.unavailable(what + " not available on this node: " + e.getMessage());
        }
    }

    /** The refusal a service's failure stands for. */
    static HttpRefusal refusal(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof HttpRefusal r) {
            return r;
        }
        if (cause instanceof BotApiException b) {
            return switch (b.code()) {
                case INVALID_ARGUMENT -> HttpRefusal.badRequest(b.getMessage());
                case NOT_FOUND -> HttpRefusal.notFound(b.getMessage());
                case ALREADY_EXISTS -> new HttpRefusal(409, "ALREADY_EXISTS", b.getMessage());
                case FAILED_PRECONDITION -> new HttpRefusal(409, "FAILED_PRECONDITION", b.getMessage());
                case PERMISSION_DENIED -> HttpRefusal.forbidden(b.getMessage());
                case RESOURCE_EXHAUSTED -> new HttpRefusal(429, "RESOURCE_EXHAUSTED", b.getMessage());
            };
        }
        if (cause instanceof InvalidActorIdException e) {
            return HttpRefusal.badRequest(e.getMessage());
        }
        if (cause instanceof ClusterUnavailableException || cause instanceof IllegalStateException) {
            return HttpRefusal.unavailable("the cluster is not available: " + cause.getMessage());
        }
        if (cause instanceof ActorException) {
            return HttpRefusal.unavailable("the cluster could not answer: " + cause.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return HttpRefusal.badRequest(cause.getMessage());
        }
        return new HttpRefusal(500, "INTERNAL", "the console could not answer (" + cause.getClass().getSimpleName()
                + "); the node's log has the details");
    }
}

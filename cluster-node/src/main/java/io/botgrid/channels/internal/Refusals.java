package io.botgrid.channels.internal;

import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Answers a request refused before its body mattered (a wrong method, an unknown path) only after reading and
 * discarding that body within the endpoint's limits.
 *
 * <p>Why not answer at once: the connection would then end with request bytes still unread, and a TCP socket closed
 * with unread input is reset, not closed. A reset can reach the client before it has read the answer, or while it
 * reuses the connection for its next request, and the client sees "no bytes" instead of a 404. Reading the body
 * first keeps the connection usable; a body too large or too slow still gets the refusal, on a connection that is
 * then closed.
 */
final class Refusals {
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final Scheduler scheduler;

    Refusals(int maxBodyBytes, Duration bodyTimeout, Scheduler scheduler) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.scheduler = scheduler;
    }

    /** Reads and drops the body of {@code request}, then answers {@code status} with {@code body}. */
    void refuse(Request request, Response response, Callback callback, int status, Map<String, Object> body) {
        BodyReader.read(request, maxBodyBytes, bodyTimeout, scheduler).whenComplete((outcome, x) -> {
            if (outcome instanceof BodyReader.Outcome.Read) {
                Exchanges.respond(response, callback, status, body);
            } else if (outcome instanceof BodyReader.Outcome.Broken broken) {
                callback.failed(broken.cause());
            } else if (x != null) {
                callback.failed(x);
            } else {
                Exchanges.respondAndClose(response, callback, status, body);
            }
        });
    }
}

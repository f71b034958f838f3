package io.botgrid.telemetry;

import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys every log line inside a turn, a handler call or a request carries, and the helpers that carry
 * them across asynchronous hops.
 *
 * <p>Why one class: the keys are a contract with operators' log queries and the Logback pattern; each layer sets
 * what it knows ({@code node} and {@code actor} in the actor runtime, {@code bot} and {@code session} in the bot
 * platform, {@code rpc} in the gRPC front) and tracing sets {@link #TRACE_ID} where a span becomes current. MDC is
 * per thread, so work handed to another executor takes a copy along ({@link #propagating}).
 */
public final class LogContext {
    public static final String NODE = "node";
    public static final String ACTOR = "actor";
    public static final String BOT = "bot";
    public static final String SESSION = "session";
    public static final String RPC = "rpc";
    /** The worker instance ({@code chain/stage#n}, a standalone or group worker id) whose code runs. */
    public static final String WORKER = "worker";
    /** Set by tracing (OpenTelemetry) where a span is current; the hook for trace-aware log lines. */
    public static final String TRACE_ID = "trace_id";

    private LogContext() {
    }

    /** Runs {@code task} on {@code executor} with the caller's MDC, restoring the worker's own afterwards. */
    public static Executor propagating(Executor executor) {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            executor.execute(() -> {
                Map<String, String> previous = MDC.getCopyOfContextMap();
                if (context == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    if (previous == null) {
                        MDC.clear();
                    } else {
                        MDC.setContextMap(previous);
                    }
                }
            });
        };
    }
}

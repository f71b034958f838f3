package io.botgrid.channels;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Function;

/**
 * Spans of the channels' HTTP traffic, on the OpenTelemetry API, with the HTTP semantic conventions: a SERVER span
 * per request to the channel endpoint (continuing an incoming W3C {@code traceparent}), and a CLIENT span per request
 * to Slack's Web API or a webhook, whose context goes out in the {@code traceparent} header. {@link #OFF} (the no-op
 * provider) does nothing and costs a field read.
 */
public final class HttpTracing {
    /** No tracing. */
    public static final HttpTracing OFF = new HttpTracing(OpenTelemetry.noop());

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> BOT = AttributeKey.stringKey("botgrid.bot");

    // keys() must be implemented although OpenTelemetry deprecates it; the W3C propagator never calls it here
    @SuppressWarnings("deprecation")
    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final boolean enabled;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public HttpTracing(OpenTelemetry openTelemetry) {
        this.enabled = openTelemetry.getTracerProvider() != TracerProvider.noop();
        this.tracer = openTelemetry.getTracer("io.botgrid.channels");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The span of a request to the channel endpoint; {@code headers} reads a request header (the caller's
     * {@code traceparent} is continued). Null when tracing is off.
     */
    public Span startServer(String method, String route, String path, String bot, Function<String, String> headers) {
        if (!enabled) {
            return null;
        }
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        return tracer.spanBuilder(method + " " + route).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method).setAttribute(ROUTE, route).setAttribute(URL_PATH, path)
                .setAttribute(URL_SCHEME, "http").setAttribute(BOT, bot).startSpan();
    }

    /**
     * The span of an outgoing request, child of the current context, whose {@code traceparent} is added to
     * {@code request}. Null when tracing is off. The URL is recorded without its query, which may hold secrets.
     */
    public Span startClient(String method, URI uri, HttpRequest.Builder request) {
        if (!enabled) {
            return null;
        }
        Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method)
                .setAttribute(URL_FULL, uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath())
                .setAttribute(SERVER_ADDRESS, uri.getHost())
                .setAttribute(SERVER_PORT, (long) (uri.getPort() > 0 ? uri.getPort()
                        : "https".equals(uri.getScheme()) ? 443 : 80))
                .startSpan();
        propagator.inject(Context.current().with(span), request, HttpRequest.Builder::header);
        return span;
    }

    /** Ends {@code span} (null: nothing) with the response's status, or as failed by {@code error}. */
    public static void end(Span span, int status, Throwable error) {
        if (span == null) {
            return;
        }
        if (status > 0) {
            span.setAttribute(STATUS, (long) status);
        }
        if (error != null) {
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.recordException(error);
        } else if (status >= 500 || status == 0) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** Ends a client span: 4xx are errors for a client too. */
    public static void endClient(Span span, int status, Throwable error) {
        if (span != null && status >= 400 && status < 500) {
            span.setStatus(StatusCode.ERROR);
        }
        end(span, status, error);
    }
}

package io.botgrid.workers.internal;

import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import io.botgrid.util.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;

/**
 * Built-in {@code http}: POSTs the input's payload to {@code url} and emits the answer's body (keeping the input's
 * key). Settings: {@code url} (required, http or https), {@code timeoutMillis} (default 10000),
 * {@code contentType} (default {@code application/octet-stream}). A connection error, a timeout or a status outside
 * 2xx is a crash: the worker's policy decides what follows. Asynchronous: no pool thread waits for the answer.
 */
final class HttpFunction implements WorkerFunction {
    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final String contentType;

    private HttpFunction(HttpClient client, URI url, Duration timeout, String contentType) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
        this.contentType = contentType;
    }

    @Override
    public CompletionStage<List<WorkerMessage>> handleAsync(WorkerMessage input) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", input.headers().getOrDefault("content-type", contentType))
                .POST(HttpRequest.BodyPublishers.ofByteArray(input.payload()))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenCompose(r -> {
            if (r.statusCode() / 100 != 2) {
                return CompletableFuture.failedFuture(
                        new IOException("HTTP " + r.statusCode() + " from POST " + url));
            }
            return CompletableFuture.completedFuture(List.of(input.withPayload(r.body())));
        });
    }

    static final class Factory implements WorkerFunctionFactory {
        private static final Set<String> KEYS = Set.of("url", "timeoutMillis", "contentType");
        private volatile HttpClient client;

        @Override
        public String name() {
            return "http";
        }

        @Override
        public WorkerFunction create(Map<String, String> settings) {
            for (String k : settings.keySet()) {
                if (!KEYS.contains(k)) {
                    throw new InvalidWorkerSettingsException(k, "unknown setting (http takes: contentType, timeoutMillis, url)");
                }
            }
            String u = settings.get("url");
            if (u == null || u.isBlank()) {
                throw new InvalidWorkerSettingsException("url", "required: the URL to POST each input to");
            }
            URI uri;
            try {
                uri = new URI(u.trim());
            } catch (URISyntaxException e) {
                throw new InvalidWorkerSettingsException("url", "not a URL: '" + u + "'");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidWorkerSettingsException("url", "must be an absolute http or https URL, got '" + u + "'");
            }
            long ms = 10_000;
            String t = settings.get("timeoutMillis");
            if (t != null) {
                try {
                    ms = Long.parseLong(t.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidWorkerSettingsException("timeoutMillis", "must be a whole number, got '" + t + "'");
                }
                if (ms < 1) {
                    throw new InvalidWorkerSettingsException("timeoutMillis", "must be at least 1, got " + ms);
                }
            }
            return new HttpFunction(client(), uri, Duration.ofMillis(ms),
                    settings.getOrDefault("contentType", "application/octet-stream"));
        }

        /** One client per engine, made on first use: its threads are shared by every http worker. */
        private HttpClient client() {
            HttpClient c = client;
            if (c == null) {
                synchronized (this) {
                    c = client;
                    if (c == null) {
                        c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                                .executor(Executors.newCachedThreadPool(DaemonThreads.named("botgrid-worker-http")))
                                .build();
                        client = c;
                    }
                }
            }
            return c;
        }
    }
}

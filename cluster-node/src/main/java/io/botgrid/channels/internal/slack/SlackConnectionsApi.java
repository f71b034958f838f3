package io.botgrid.channels.internal.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.SlackAppTokenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Slack's {@code apps.connections.open}: trades an app-level token for the URL of a fresh Socket Mode WebSocket. A
 * refusal of the token itself fails with {@link SlackAppTokenException} (permanent: the caller must not retry with
 * the same token); anything else (rate limits, 5xx, network errors, a malformed answer) with
 * {@link SocketModeUnavailableException} (retry later). The token is sent only in the {@code Authorization} header
 * and never logged. Thread-safe; the {@link HttpClient} is shared, not owned.
 */
public final class SlackConnectionsApi {
    /** Errors that name the token as the problem. */
    private static final Set<String> TOKEN_ERRORS = Set.of("invalid_auth", "not_authed", "not_allowed_token_type",
            "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope",
            "ekm_access_denied");

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;

    public SlackConnectionsApi(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The WebSocket URL of a new connection; fails as the class comment says. */
    public CompletableFuture<URI> open(URI apiBaseUrl, String appToken) {
        String base = apiBaseUrl.toString();
        URI uri = URI.create(base.endsWith("/") ? base : base + "/").resolve("apps.connections.open");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + appToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        throw new SocketModeUnavailableException("apps.connections.open failed: " + error);
                    }
                    return parse(response.statusCode(), response.body());
                });
    }

    private URI parse(int status, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new SocketModeUnavailableException("apps.connections.open answered HTTP " + status
                    + " without a JSON object");
        }
        if (!root.path("ok").asBoolean(false)) {
            String error = root.path("error").asText("unknown_error");
            if (TOKEN_ERRORS.contains(error)) {
                throw new SlackAppTokenException(error);
            }
            throw new SocketModeUnavailableException("apps.connections.open answered HTTP " + status + ": " + error);
        }
        String url = root.path("url").asText("");
        try {
            URI u = new URI(url);
            if (!"wss".equals(u.getScheme()) && !"ws".equals(u.getScheme())) {
                throw new java.net.URISyntaxException(url, "not a ws(s) URL");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new SocketModeUnavailableException("apps.connections.open gave no usable WebSocket URL");
        }
    }

    /** A Socket Mode connection cannot be opened now; a later attempt may succeed. */
    public static final class SocketModeUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SocketModeUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}

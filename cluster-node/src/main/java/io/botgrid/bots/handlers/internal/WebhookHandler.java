package io.botgrid.bots.handlers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsReader.Located;
import io.botgrid.channels.internal.Hmac;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an external HTTP service what to answer: POSTs the message and the session context as JSON, signed with the
 * bot's secret ({@code X-Botgrid-Timestamp}, {@code X-Botgrid-Signature: v1=<hex HMAC-SHA256(secret, ts + "." +
 * body)>}), and uses the JSON reply ({@code replies}, {@code variables}, {@code state}). Timeouts, connection errors
 * and 5xx are retried with exponential backoff; when the service stays down the configured fallback reply is used,
 * or the message fails. Never blocks a thread while waiting.
 */
public final class WebhookHandler implements BotHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("url", "secret", "timeout", "retries", "fallback");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final HttpClient http;
    private final Executor executor;
    private final Clock clock;

    public WebhookHandler(HttpClient http, Executor executor, Clock clock) {
        this.http = http;
        this.executor = executor;
        this.clock = clock;
    }

    /** The settings of one bot's webhook handler. */
    record Settings(URI url, String secret, Duration timeout, int retries, Optional<String> fallback) {
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public ConfiguredHandler configure(String text) {
        Settings settings = parse(text);
        return request -> call(settings, request);
    }

    static Settings parse(String text) {
        Located root = SettingsReader.read(text);
        Map<String, Located> map = root.map("the webhook settings");
        SettingsReader.onlyKeys(map, "the webhook settings", KEYS);
        Located url = require(map, root, "url");
        URI uri;
        try {
            uri = new URI(url.text("'url'"));
        } catch (URISyntaxException e) {
            throw new InvalidHandlerSettingsException(url.line(), "'url' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidHandlerSettingsException(url.line(), "'url' must be an absolute http or https URL");
        }
        Located secret = require(map, root, "secret");
        if (secret.text("'secret'").length() < 8) {
            throw new InvalidHandlerSettingsException(secret.line(), "'secret' must be at least 8 characters");
        }
        Duration timeout = Duration.ofSeconds(5);
        Located t = map.get("timeout");
        if (t != null) {
            timeout = duration(t);
        }
        int retries = 2;
        Located r = map.get("retries");
        if (r != null) {
            try {
                retries = Integer.parseInt(r.text("'retries'"));
            } catch (NumberFormatException e) {
                retries = -1;
            }
            if (retries < 0 || retries > 10) {
                throw new InvalidHandlerSettingsException(r.line(), "'retries' must be a number from 0 to 10");
            }
        }
        Optional<String> fallback = Optional.ofNullable(map.get("fallback")).map(f -> f.text("'fallback'"));
        return new Settings(uri, secret.text("'secret'"), timeout, retries, fallback);
    }

    private static Located require(Map<String, Located> map, Located root, String key) {
        Located v = map.get(key);
        if (v == null || v.value() == null || v.text("'" + key + "'").isBlank()) {
            throw new InvalidHandlerSettingsException(v == null ? root.line() : v.line(), "'" + key
                    + "' is required");
        }
        return v;
    }

    private static Duration duration(Located v) {
        String s = v.text("'timeout'").strip();
        Duration d;
        Matcher m = SHORT_DURATION.matcher(s);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMinutes(n);
                };
            } else {
                d = Duration.parse(s);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new InvalidHandlerSettingsException(v.line(), "'timeout' must be a duration like 2s, 500ms or "
                    + "PT2S, above zero and at most 1 minute; got '" + s + "'");
        }
        return d;
    }

    private CompletableFuture<HandlerResult> call(Settings settings, HandlerRequest request) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload(request));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HandlerResult> result = new CompletableFuture<>();
        attempt(settings, body, 0, result);
        return result;
    }

    private void attempt(Settings settings, byte[] body, int attempt, CompletableFuture<HandlerResult> result) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest post = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Botgrid-Timestamp", timestamp)
                .header("X-Botgrid-Signature", "v1=" + Hmac.sha256Hex(settings.secret(), timestamp + ".", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            String failure;
            if (error != null) {
                failure = "the webhook could not be reached: " + error;
            } else if (response.statusCode() >= 500) {
                failure = "the webhook answered HTTP " + response.statusCode();
            } else if (response.statusCode() >= 300) {
                // A 4xx is the service refusing this request: retrying it would not help.
                finish(settings, result, "the webhook refused the message: HTTP " + response.statusCode());
                return;
            } else {
                try {
                    result.complete(resultOf(response.body()));
                } catch (IOException | IllegalArgumentException e) {
                    finish(settings, result, "the webhook's reply is not the expected JSON: " + e.getMessage());
                }
                return;
            }
            if (attempt < settings.retries()) {
                long delay = FIRST_BACKOFF.toMillis() << Math.min(attempt, 8);
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, executor)
                        .execute(() -> attempt(settings, body, attempt + 1, result));
            } else {
                finish(settings, result, failure + " (after " + (attempt + 1) + " attempts)");
            }
        });
    }

    private static void finish(Settings settings, CompletableFuture<HandlerResult> result, String failure) {
        if (settings.fallback().isPresent()) {
            result.complete(HandlerResult.reply(settings.fallback().get()));
        } else {
            result.completeExceptionally(new IllegalStateException(failure));
        }
    }

    private static ObjectNode payload(HandlerRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("botId", request.botId());
        root.put("messageId", request.message().messageId());
        root.put("text", request.message().text());
        root.put("userId", request.message().userId());
        ObjectNode session = root.putObject("session");
        session.put("platform", request.session().platform());
        session.put("team", request.session().team());
        session.put("conversation", request.session().conversation());
        session.put("state", request.session().state());
        ObjectNode variables = session.putObject("variables");
        request.session().variables().forEach(variables::put);
        return root;
    }

    static HandlerResult resultOf(byte[] body) throws IOException {
        if (body.length == 0) {
            return HandlerResult.none();
        }
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        List<String> replies = new ArrayList<>();
        JsonNode r = root.path("replies");
        if (r.isArray()) {
            r.forEach(n -> replies.add(n.asText()));
        } else if (!r.isMissingNode() && !r.isNull()) {
            throw new IllegalArgumentException("'replies' must be a list of texts");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        root.path("variables").properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        JsonNode state = root.path("state");
        return new HandlerResult(replies, variables, state.isTextual() ? Optional.of(state.asText())
                : Optional.empty());
    }
}

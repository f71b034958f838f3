package io.botgrid.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sending half of {@link FakeSlack}: builds Events API bodies and signs them the way Slack does (v0,
 * HMAC-SHA256 of {@code v0:{timestamp}:{body}}), written independently of Botgrid's verifier so that the two check
 * each other.
 */
final class FakeSlackEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Posts {@code body} to {@code url}, signed and marked as {@code options} say, and waits for the answer. */
    FakeSlack.EventResult send(URI url, String signingSecret, String body, FakeSlack.SendOptions options) {
        long ts = Instant.now().plus(options.clockSkew()).getEpochSecond();
        String secret = options.wrongSecret() ? signingSecret + "-but-wrong" : signingSecret;
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(ts))
                .header("X-Slack-Signature", sign(secret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (options.retryNum() != null) {
            request.header("X-Slack-Retry-Num", options.retryNum().toString())
                    .header("X-Slack-Retry-Reason", "http_timeout");
        }
        options.extraHeaders().forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new FakeSlack.EventResult(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("sending an event to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending an event to " + url, e);
        }
    }

    /** Slack's {@code X-Slack-Signature} for {@code body} at {@code ts}. */
    static String sign(String secret, long ts, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code event_callback} body of a message event. */
    static String messageEventJson(FakeSlack.MessageEventSpec spec) {
        long now = Instant.now().getEpochSecond();
        ObjectNode root = JSON.createObjectNode()
                .put("token", "fake-verification-token")
                .put("team_id", spec.teamId())
                .put("api_app_id", "A0FAKE")
                .put("type", "event_callback")
                .put("event_id", spec.eventId())
                .put("event_time", now);
        ObjectNode event = root.putObject("event")
                .put("type", spec.type())
                .put("channel", spec.channel())
                .put("user", spec.user())
                .put("text", spec.text())
                .put("ts", spec.ts())
                .put("event_ts", spec.ts())
                .put("channel_type", spec.channelType());
        if (spec.threadTs() != null) {
            event.put("thread_ts", spec.threadTs());
        }
        boolean asBot = spec.authorizedUserId() == null;
        root.putArray("authorizations").addObject()
                .putNull("enterprise_id")
                .put("team_id", spec.teamId())
                .put("user_id", asBot ? spec.botUserId() : spec.authorizedUserId())
                .put("is_bot", asBot)
                .put("is_enterprise_install", false);
        root.put("is_ext_shared_channel", false);
        return write(root);
    }

    /** The {@code url_verification} body. */
    static String urlVerificationJson(String challenge) {
        return write(JSON.createObjectNode()
                .put("token", "fake-verification-token")
                .put("challenge", challenge)
                .put("type", "url_verification"));
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

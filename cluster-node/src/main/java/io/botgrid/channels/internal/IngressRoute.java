package io.botgrid.channels.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.IngressHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST {prefix}/{botId}} for one platform: the protocol-neutral half of every callback. The order of checks is
 * deliberate: cheap refusals first (405, 404 for a malformed path), then the size limit before anything is buffered
 * (413), the bot's secrets (404), the protocol's verdict (401 and nothing stored when not authentic), and finally
 * storing the message within a deadline (200, or 503 so that the platform retries; storage de-duplicates).
 */
final class IngressRoute implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IngressRoute.class);
    private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private final String prefix;
    private final IngressProtocol protocol;
    private final IngressHandler ingress;
    private final EndpointServerConfig config;
    private final Clock clock;

    /** A route for {@code prefix} (the context path, no trailing slash). */
    IngressRoute(String prefix, IngressProtocol protocol, IngressHandler ingress, EndpointServerConfig config,
                 Clock clock) {
        this.prefix = prefix + "/";
        this.protocol = protocol;
        this.ingress = ingress;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            IngressDecision.Answer answer = answer(exchange);
            Exchanges.respond(exchange, answer.status(), answer.body());
        } catch (IOException e) {
            LOG.debug("{} {}: client went away", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                Exchanges.respond(exchange, 500, Map.of("error", "internal error"));
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way; closing the exchange is all that is left
            }
        } finally {
            exchange.close();
        }
    }

    private IngressDecision.Answer answer(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return IngressDecision.Answer.error(405, "method not allowed");
        }
        String botId = botId(exchange.getRequestURI().getRawPath());
        if (botId == null) {
            return IngressDecision.Answer.error(404, "not found");
        }
        Optional<byte[]> body = Exchanges.readBody(exchange, config.maxBodyBytes());
        if (body.isEmpty()) {
            return IngressDecision.Answer.error(413, "body larger than " + config.maxBodyBytes() + " bytes");
        }
        Optional<ChannelSecrets> secrets;
        try {
            secrets = ingress.secrets(botId, protocol.kind());
        } catch (RuntimeException e) {
            LOG.warn("Looking up the {} secrets of bot {} failed", protocol.kind(), botId, e);
            return IngressDecision.Answer.error(503, "temporarily unavailable");
        }
        if (secrets.isEmpty()) {
            return IngressDecision.Answer.error(404, "unknown bot or channel");
        }
        IngressDecision decision = protocol.decide(botId, secrets.get(), exchange.getRequestHeaders(), body.get(),
                clock.instant());
        if (decision instanceof IngressDecision.Answer a) {
            if (a.status() == 401) {
                LOG.warn("Refused a {} callback for bot {} from {}: {}", protocol.kind(), botId,
                        exchange.getRemoteAddress(), a.body().get("error"));
            }
            return a;
        }
        return store(((IngressDecision.Accept) decision));
    }

    private IngressDecision.Answer store(IngressDecision.Accept accept) {
        String messageId = accept.message().messageId();
        try {
            CompletableFuture<Void> stored = ingress.accept(accept.message());
            stored.get(config.acceptTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return IngressDecision.Answer.ok();
        } catch (TimeoutException e) {
            LOG.warn("Storing message {} took longer than {}; answering 503", messageId, config.acceptTimeout());
            return IngressDecision.Answer.error(503, "timed out storing the message");
        } catch (ExecutionException e) {
            LOG.warn("Storing message {} failed; answering 503", messageId, e.getCause());
            return IngressDecision.Answer.error(503, "could not store the message");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return IngressDecision.Answer.error(503, "shutting down");
        } catch (RuntimeException e) {
            LOG.warn("Storing message {} failed; answering 503", messageId, e);
            return IngressDecision.Answer.error(503, "could not store the message");
        }
    }

    private String botId(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(prefix)) {
            return null;
        }
        String id = rawPath.substring(prefix.length());
        return BOT_ID.matcher(id).matches() ? id : null;
    }
}

package io.botgrid.client;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * Creates, reads, changes and connects bots (the bot service: reads need the {@code operator} role, changes
 * {@code admin}). Every change carries an idempotency key, made by the SDK unless you give one in
 * {@link BotSpec}/{@link BotUpdate}; the SDK's retries after an unavailable node reuse it, so a change takes effect
 * once. Futures complete on the client's executor and fail with {@link BotgridException}; each {@code …Blocking}
 * method waits and throws it.
 */
public interface Bots {

    /** Creates a bot. ALREADY_EXISTS if the id is taken; INVALID_ARGUMENT for an unknown handler or bad settings. */
    CompletableFuture<BotView> create(BotSpec spec);

    /** NOT_FOUND for an unknown or deleted bot. */
    CompletableFuture<BotView> get(String botId);

    /** One page of bots, in id order. */
    CompletableFuture<Page<BotView>> list(BotQuery query);

    /**
     * Every bot the query selects, page after page as the iteration needs them. The iterator blocks on each page and
     * throws {@link BotgridException} from {@code hasNext()} if a page cannot be read.
     */
    Iterator<BotView> listAll(BotQuery query);

    /** Changes the parts set in {@code update}; the settings are checked as on create. */
    CompletableFuture<BotView> update(BotUpdate update);

    /** The bot keeps recording messages but stops answering. */
    CompletableFuture<BotView> pause(String botId);

    CompletableFuture<BotView> resume(String botId);

    /** The bot stops taking messages and its id cannot be used again; its sessions are kept. */
    CompletableFuture<BotView> delete(String botId);

    /** Connects the bot to Slack, or changes its Slack settings. */
    CompletableFuture<BotView> connectSlack(String botId, SlackSettings settings);

    /**
     * Connects the bot to Slack in Socket Mode (events over a WebSocket the cluster opens), or changes its Slack
     * settings to it. Fails with {@code FAILED_PRECONDITION} and Slack's reason when Slack refuses the app token.
     */
    CompletableFuture<BotView> connectSlackSocketMode(String botId, SlackSocketModeSettings settings);

    /** Connects the bot's generic webhook channel, or changes its settings. */
    CompletableFuture<BotView> connectWebhook(String botId, WebhookSettings settings);

    CompletableFuture<BotView> disconnect(String botId, ChannelKind kind);

    CompletableFuture<BotStats> stats(String botId);

    default BotView createBlocking(BotSpec spec) {
        return Blocking.join(create(spec));
    }

    default BotView getBlocking(String botId) {
        return Blocking.join(get(botId));
    }

    default Page<BotView> listBlocking(BotQuery query) {
        return Blocking.join(list(query));
    }

    default BotView updateBlocking(BotUpdate update) {
        return Blocking.join(update(update));
    }

    default BotView pauseBlocking(String botId) {
        return Blocking.join(pause(botId));
    }

    default BotView resumeBlocking(String botId) {
        return Blocking.join(resume(botId));
    }

    default BotView deleteBlocking(String botId) {
        return Blocking.join(delete(botId));
    }

    default BotView connectSlackBlocking(String botId, SlackSettings settings) {
        return Blocking.join(connectSlack(botId, settings));
    }

    default BotView connectSlackSocketModeBlocking(String botId, SlackSocketModeSettings settings) {
        return Blocking.join(connectSlackSocketMode(botId, settings));
    }

    default BotView connectWebhookBlocking(String botId, WebhookSettings settings) {
        return Blocking.join(connectWebhook(botId, settings));
    }

    default BotView disconnectBlocking(String botId, ChannelKind kind) {
        return Blocking.join(disconnect(botId, kind));
    }

    default BotStats statsBlocking(String botId) {
        return Blocking.join(stats(botId));
    }
}

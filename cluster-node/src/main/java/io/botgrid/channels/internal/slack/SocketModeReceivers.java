package io.botgrid.channels.internal.slack;

import io.botgrid.channels.IngressHandler;
import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The worker function {@value #NAME}: one instance holds one bot's Slack Socket Mode connection. Its only setting is
 * {@code bot} (the bot id); the app token is read from the bot's channel when it connects, never carried in the
 * worker spec (specs are stored and listed).
 */
public final class SocketModeReceivers implements WorkerFunctionFactory {
    /** The function's name in worker specs. */
    public static final String NAME = "slack-socket-mode";
    /** The setting naming the bot. */
    public static final String BOT = "bot";

    private final IngressHandler ingress;
    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final SlackConnectionsApi api;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    /**
     * @param timers schedules reconnections (shared, not owned)
     * @param minBackoff first reconnection delay, doubled per failure up to {@code maxBackoff}
     */
    public SocketModeReceivers(IngressHandler ingress, HttpClient http, ScheduledExecutorService timers, Clock clock,
                               Duration minBackoff, Duration maxBackoff) {
        this.ingress = ingress;
        this.http = http;
        this.timers = timers;
        this.clock = clock;
        this.api = new SlackConnectionsApi(http, Duration.ofSeconds(10));
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WorkerFunction create(Map<String, String> settings) {
        String bot = settings.get(BOT);
        if (bot == null || bot.isBlank()) {
            throw new InvalidWorkerSettingsException(BOT, "the bot id is required");
        }
        for (String key : settings.keySet()) {
            if (!key.equals(BOT)) {
                throw new InvalidWorkerSettingsException(key, "unknown setting (" + NAME + " takes: bot)");
            }
        }
        return new SocketModeReceiver(bot, ingress, api, http, timers, clock, minBackoff, maxBackoff);
    }

    /** The connections API alone, to check an app token when a channel is connected. */
    public SlackConnectionsApi connections() {
        return api;
    }
}

package io.botgrid.node.internal;

import io.botgrid.bots.platform.ChannelReceivers;
import io.botgrid.channels.Channels;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.cluster.WorkerCallException;
import io.botgrid.workers.cluster.WorkerCluster;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bot's channel receivers as a worker group {@code bot.<id>} under the bot: placed with the bot's actor
 * ({@code with-actor bot/<id>}), so it runs on the bot's owner node and moves with it when that node leaves or
 * dies; one assignment cluster-wide, so one live receiver per bot. Its members are the receivers the bot needs (today
 * {@code slack-socket-mode}). The restart policy is transient with a small intensity: a receiver whose app token
 * Slack refuses crashes, is tried a few more times with backoff, then marked failed with Slack's reason in the
 * workers status.
 */
public final class BotReceivers implements ChannelReceivers {
    /** The member running the Socket Mode connection. */
    public static final String SLACK_SOCKET_MODE_MEMBER = "slack-socket-mode";
    static final RestartPolicy POLICY = RestartPolicy.of(RestartPolicy.Strategy.TRANSIENT)
            .withIntensity(3, Duration.ofMinutes(1))
            .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(20));
    private static final int MAX_ID = 64;

    private final Supplier<WorkerCluster> workers;

    public BotReceivers(Supplier<WorkerCluster> workers) {
        this.workers = workers;
    }

    /** The spec id of a bot's receivers: {@code bot.<id>}, shortened with a hash when the bot id is long. */
    public static String specId(String botId) {
        String id = "bot." + botId;
        if (id.length() <= MAX_ID) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(botId.getBytes(StandardCharsets.UTF_8));
            return id.substring(0, MAX_ID - 9) + "." + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void ensureSlackSocketMode(String botId) {
        GroupSpec spec = new GroupSpec(specId(botId), List.of(new GroupSpec.Member(SLACK_SOCKET_MODE_MEMBER,
                FunctionRef.of(Channels.SLACK_SOCKET_MODE_FUNCTION,
                        Map.of(Channels.SLACK_SOCKET_MODE_BOT_SETTING, botId)))),
                POLICY, new Placement.WithActor(BOT_ACTOR_TYPE, botId));
        WorkerCluster cluster = workers.get();
        if (isEnded(cluster, spec.id())) {
            cluster.remove(spec.id()); // failed or stopped: connecting again starts it afresh
        }
        cluster.declare(spec);
    }

    private static boolean isEnded(WorkerCluster cluster, String specId) {
        if (cluster.spec(specId).isEmpty()) {
            return false;
        }
        try {
            return cluster.status(java.util.Optional.of(specId)).get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .stream().anyMatch(s -> s.getState().equals("failed") || s.getState().equals("stopped"));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void remove(String botId) {
        WorkerCluster cluster = workers.get();
        String id = specId(botId);
        if (cluster.spec(id).isEmpty()) {
            return;
        }
        try {
            cluster.remove(id);
        } catch (WorkerCallException e) {
            if (e.code() != WorkerErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }
}

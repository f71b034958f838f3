package io.botgrid.bots.internal;

import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.bots.PartialReplies;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ChannelRecord;
import io.botgrid.proto.v1.ReplyProduced;
import io.botgrid.proto.v1.ReplyTarget;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionDelivered;
import io.botgrid.telemetry.ChannelMetrics;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the replies of the sessions this node owns, at least once: a reply is already an event in its session's
 * journal when it gets here; it is sent through its channel with backoff until the channel takes it or refuses it
 * for good, and the outcome is reported back to the session, which records it. A reply that is sent but whose
 * report is lost (the node dies in between) is sent again by the session's next owner; receivers de-duplicate by
 * reply id where the platform allows. One attempt at a time per reply on a node.
 */
final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int REPORT_ATTEMPTS = 5;

    private final ActorClient actors;
    private final BotDirectory directory;
    private final Map<ChannelKind, ChannelSender> senders;
    private final ScheduledExecutorService scheduler;
    private final Predicate<ActorId> ownedHere;
    private final BotCounters counters;
    private final PlatformTelemetry telemetry;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final DeliveryLanes lanes;
    private volatile boolean closed;

    Outbox(ActorClient actors, BotDirectory directory, Map<ChannelKind, ChannelSender> senders,
           ScheduledExecutorService scheduler, Predicate<ActorId> ownedHere, BotCounters counters,
           PlatformTelemetry telemetry, int maxInFlightPerDestination) {
        this.telemetry = telemetry;
        this.lanes = new DeliveryLanes(maxInFlightPerDestination, scheduler);
        this.actors = actors;
        this.directory = directory;
        this.senders = Map.copyOf(senders);
        this.scheduler = scheduler;
        this.ownedHere = ownedHere;
        this.counters = counters;
        telemetry.channels().outboxSource(() -> new ChannelMetrics.OutboxLoad(inFlight.size(), lanes.waiting()));
    }

    /**
     * Where the handler of a message shows its reply {@code replyId} while it is produced, on channels that edit a
     * posted message (Slack); {@link PartialReplies#NONE} for the others or when the bot has no such channel.
     */
    PartialReplies partials(BotRecord bot, ReplyTarget target, String replyId) {
        ChannelSender sender = senders.get(target.getKind());
        Optional<ChannelRecord> channel = bot.getChannelsList().stream()
                .filter(c -> c.getKind() == target.getKind()).findFirst();
        return sender == null || channel.isEmpty() ? PartialReplies.NONE
                : sender.partials(channel.get(), target, replyId);
    }

    /** Starts delivering {@code reply} unless this node is already at it. Returns at once. */
    void submit(SessionKey session, ReplyProduced reply) {
        submit(session, reply, null);
    }

    /**
     * As {@link #submit(SessionKey, ReplyProduced)}; {@code known} (nullable) is the bot's record as the turn that
     * stored the reply read it, which the first attempt uses instead of the directory while it is fresh
     * ({@link KnownBot#freshAt}).
     */
    void submit(SessionKey session, ReplyProduced reply, KnownBot known) {
        if (!closed && inFlight.add(reply.getReplyId())) {
            // The delivery belongs to the trace of the turn that hands it over (the one that stored the reply).
            scheduler.execute(Context.current().wrap(() -> attempt(session, reply, 0, known)));
        }
    }

    private void attempt(SessionKey session, ReplyProduced reply, int attempt, KnownBot known) {
        if (!stillOurs(session, reply)) {
            return;
        }
        Optional<BotRecord> bot = known != null && known.freshAt(System.nanoTime()) ? Optional.of(known.bot())
                : directory.find(session.botId());
        Optional<ChannelRecord> channel = bot.flatMap(b -> b.getChannelsList().stream()
                .filter(c -> c.getKind() == reply.getTarget().getKind()).findFirst());
        ChannelSender sender = senders.get(reply.getTarget().getKind());
        if (channel.isEmpty() || sender == null) {
            finish(session, reply, new DeliveryResult.Failed("bot " + session.botId() + " has no "
                    + reply.getTarget().getKind() + " channel (any more)"), 0);
            return;
        }
        ChannelRecord target = channel.get();
        lanes.submit(sender.destination(target),
                Context.current().wrapSupplier(() -> send(session, reply, attempt, sender, target)));
    }

    private CompletableFuture<?> send(SessionKey session, ReplyProduced reply, int attempt, ChannelSender sender,
                                      ChannelRecord channel) {
        if (!stillOurs(session, reply)) { // checked again: it may have waited for its lane
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<DeliveryResult> sent;
        try {
            sent = sender.send(channel, session, reply);
        } catch (RuntimeException e) {
            LOG.warn("Sending reply {} through {} failed; retrying", reply.getReplyId(), reply.getTarget().getKind(), e);
            sent = CompletableFuture.completedFuture(new DeliveryResult.Retry(Duration.ZERO, e.toString()));
        }
        sent.whenComplete((result, error) -> {
            DeliveryResult r = error != null ? new DeliveryResult.Retry(Duration.ZERO, error.toString()) : result;
            if (r instanceof DeliveryResult.Retry retry) {
                telemetry.channels().retry(PlatformTelemetry.platform(reply.getTarget().getKind()));
                Duration wait = max(retry.after(), backoff(attempt));
                LOG.debug("Reply {} not delivered yet ({}); retrying in {} ms", reply.getReplyId(), retry.reason(),
                        wait.toMillis());
                schedule(() -> attempt(session, reply, attempt + 1, null), wait);
            } else {
                finish(session, reply, r, 0);
            }
        });
        return sent;
    }

    /** Whether this node still delivers {@code reply}; if not, lets it go (the session's owner delivers it). */
    private boolean stillOurs(SessionKey session, ReplyProduced reply) {
        if (closed || !ownedHere.test(session.actorId())) {
            inFlight.remove(reply.getReplyId());
            return false;
        }
        return true;
    }

    private void finish(SessionKey session, ReplyProduced reply, DeliveryResult result, int reportAttempt) {
        boolean failed = result instanceof DeliveryResult.Failed;
        if (reportAttempt == 0) {
            if (failed) {
                LOG.warn("Reply {} of session {} cannot be delivered: {}", reply.getReplyId(), session.actorKey(),
                        ((DeliveryResult.Failed) result).reason());
                counters.error(session.botId());
                telemetry.deliveryFailed(reply.getTarget().getKind(), session.botId(),
                        ((DeliveryResult.Failed) result).reason());
            } else {
                counters.replyOut(session.botId());
                telemetry.channels().delivered(PlatformTelemetry.platform(reply.getTarget().getKind()));
            }
        }
        SessionDelivered.Builder report = SessionDelivered.newBuilder().setReplyId(reply.getReplyId()).setFailed(failed);
        if (result instanceof DeliveryResult.Failed f) {
            report.setReason(f.reason());
        }
        actors.ask(session.actorId(), SessionCommand.newBuilder().setDelivered(report).build(), CallOptions.DEFAULT)
                .whenComplete((ok, error) -> {
                    if (error == null || closed || reportAttempt + 1 >= REPORT_ATTEMPTS) {
                        inFlight.remove(reply.getReplyId());
                        if (error != null && !closed) {
                            LOG.warn("Delivery of reply {} could not be recorded ({}); its session will send it "
                                    + "again", reply.getReplyId(), error.toString());
                        } else if (error != null) {
                            LOG.debug("Delivery of reply {} not recorded: the node is stopping", reply.getReplyId());
                        }
                    } else {
                        schedule(() -> finish(session, reply, result, reportAttempt + 1), backoff(reportAttempt));
                    }
                });
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(Context.current().wrap(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closed = true; // the node is stopping; the next owner delivers
        }
    }

    static Duration backoff(int attempt) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(attempt, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
    }
}

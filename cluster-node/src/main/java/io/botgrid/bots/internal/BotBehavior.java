package io.botgrid.bots.internal;

import com.google.protobuf.Parser;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.RejectionCode;
import io.botgrid.actor.SnapshotCodec;
import io.botgrid.proto.v1.BotCommand;
import io.botgrid.proto.v1.BotEvent;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.ChannelRecord;

/**
 * The Bot actor: a bot's configuration, channels, lifecycle and counters, changed one command at a time so that two
 * administrators never overwrite each other's change. It replies with the whole record (secrets included: the
 * front masks them); requests are validated by the front before they get here, except for what only the actor
 * knows (whether the bot exists).
 */
final class BotBehavior implements EventSourcedBehavior<BotCommand, BotEvent, BotRecord, BotRecord> {
    private final BotDirectory index;

    /**
     * @param index the bot index, which each change of configuration or lifecycle is written to once it is durable
     *     in the journal (before the reply, so a client that created a bot can send it a message at once); a
     *     write lost to a crash is redone by {@link BotIndexReconciler}. Counts are not indexed: they are read from
     *     the actor.
     */
    BotBehavior(BotDirectory index) {
        this.index = index;
    }

    @Override
    public Parser<BotCommand> commandParser() {
        return BotCommand.parser();
    }

    @Override
    public Parser<BotEvent> eventParser() {
        return BotEvent.parser();
    }

    @Override
    public Parser<BotRecord> replyParser() {
        return BotRecord.parser();
    }

    @Override
    public BotRecord emptyState(ActorId id) {
        return BotRecord.newBuilder().setBotId(id.key()).build();
    }

    @Override
    public SnapshotCodec<BotRecord> snapshotCodec() {
        return SnapshotCodec.protobuf(BotRecord.parser());
    }

    @Override
    public Effect<BotEvent, BotRecord, BotRecord> handle(BotRecord bot, BotCommand command,
                                                         ActorContext<BotCommand> context) {
        BotEvent.Builder event = BotEvent.newBuilder().setAtMillis(context.clock().millis());
        switch (command.getKindCase()) {
            case GET:
                return Effect.reply(bot);
            case CREATE:
                if (bot.getExists()) {
                    return Effect.reject(RejectionCode.ALREADY_EXISTS, "bot "
                            + bot.getBotId() + (bot.getState() == BotState.BOT_STATE_DELETED
                            ? " was deleted; its id cannot be used again" : " already exists"));
                }
                return persistIndexed(event.setCreated(command.getCreate()));
            case ADD_COUNTERS:
                if (!bot.getExists() || CounterSources.alreadyAdded(bot, command.getAddCounters())) {
                    return Effect.reply(bot); // a retried flush that was added before: acknowledged, not added again
                }
                return persist(event.setCounted(command.getAddCounters()));
            default:
                break;
        }
        if (!bot.getExists() || bot.getState() == BotState.BOT_STATE_DELETED) {
            return Effect.reject(RejectionCode.NOT_FOUND, "bot " + bot.getBotId()
                    + (bot.getExists() ? " was deleted" : " does not exist"));
        }
        return switch (command.getKindCase()) {
            case UPDATE -> persistIndexed(event.setUpdated(command.getUpdate()));
            case SET_STATE -> command.getSetState().getState() == bot.getState()
                    ? Effect.reply(bot) : persistIndexed(event.setStateChanged(command.getSetState()));
            case CONNECT -> persistIndexed(event.setConnected(command.getConnect()));
            case DISCONNECT -> bot.getChannelsList().stream()
                    .noneMatch(c -> c.getKind() == command.getDisconnect().getKind())
                    ? Effect.reject(RejectionCode.FAILED_PRECONDITION, "bot "
                    + bot.getBotId() + " has no " + command.getDisconnect().getKind() + " channel")
                    : persistIndexed(event.setDisconnected(command.getDisconnect()));
            default -> Effect.reject(RejectionCode.INVALID_ARGUMENT,
                    "empty or unknown bot command " + command.getKindCase());
        };
    }

    private static Effect<BotEvent, BotRecord, BotRecord> persist(BotEvent.Builder event) {
        return Effect.persist(event.build()).thenReply(s -> s);
    }

    /** Persists, then writes the new record to the bot index, then replies: the index follows the journal. */
    private Effect<BotEvent, BotRecord, BotRecord> persistIndexed(BotEvent.Builder event) {
        return persist(event).thenRunAsync(index::store);
    }

    @Override
    public BotRecord apply(BotRecord bot, BotEvent event) {
        BotRecord.Builder b = bot.toBuilder();
        long at = event.getAtMillis();
        switch (event.getKindCase()) {
            case CREATED -> b.setExists(true).setName(event.getCreated().getName())
                    .setHandler(event.getCreated().getHandler())
                    .setHandlerSettings(event.getCreated().getHandlerSettings())
                    .setState(BotState.BOT_STATE_ACTIVE).setCreatedAtMillis(at);
            case UPDATED -> {
                if (event.getUpdated().hasName()) {
                    b.setName(event.getUpdated().getName());
                }
                if (event.getUpdated().hasHandler()) {
                    b.setHandler(event.getUpdated().getHandler());
                }
                if (event.getUpdated().hasHandlerSettings()) {
                    b.setHandlerSettings(event.getUpdated().getHandlerSettings());
                }
            }
            case STATE_CHANGED -> b.setState(event.getStateChanged().getState());
            case CONNECTED -> {
                removeChannel(b, event.getConnected().getKind());
                b.addChannels(ChannelRecord.newBuilder().setKind(event.getConnected().getKind())
                        .putAllSettings(event.getConnected().getSettingsMap()));
            }
            case DISCONNECTED -> removeChannel(b, event.getDisconnected().getKind());
            case COUNTED -> {
                var c = event.getCounted();
                if (CounterSources.alreadyAdded(bot, c)) {
                    return bot;
                }
                CounterSources.record(b, c, at);
                return b.setMessagesIn(b.getMessagesIn() + c.getMessagesIn())
                        .setRepliesOut(b.getRepliesOut() + c.getRepliesOut())
                        .setErrors(b.getErrors() + c.getErrors())
                        .setSessions(b.getSessions() + c.getSessions())
                        .setLlmTokens(b.getLlmTokens() + c.getLlmTokens())
                        .setLlmOverBudget(b.getLlmOverBudget() + c.getLlmOverBudget()).build();
            }
            default -> {
                return bot; // an event of a newer version: nothing this version understands
            }
        }
        return b.setVersion(b.getVersion() + 1).setUpdatedAtMillis(at).build();
    }

    private static void removeChannel(BotRecord.Builder b, io.botgrid.proto.v1.ChannelKind kind) {
        for (int i = b.getChannelsCount() - 1; i >= 0; i--) {
            if (b.getChannels(i).getKind() == kind) {
                b.removeChannels(i);
            }
        }
    }
}

package io.botgrid.client.internal;

import com.google.protobuf.Timestamp;
import io.botgrid.client.BotState;
import io.botgrid.client.BotStats;
import io.botgrid.client.BotView;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.ChannelView;
import io.botgrid.client.HistoryTurn;
import io.botgrid.client.Reply;
import io.botgrid.client.SessionRef;
import io.botgrid.client.SessionSummary;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.Channel;
import java.time.Instant;

/**
 * Translates between the bot platform's Protobuf messages and the SDK's records, in one place, so that no generated
 * type leaks into the public API and a new enum value on the server shows up as {@code UNKNOWN} rather than an error.
 */
public final class ProtoViews {
    private ProtoViews() {
    }

    public static BotView bot(Bot b) {
        return new BotView(b.getBotId(), b.getName(), b.getHandler(), b.getHandlerSettings(), state(b.getState()),
                b.getChannelsList().stream().map(ProtoViews::channel).toList(),
                b.hasCreatedAt() ? instant(b.getCreatedAt()) : null,
                b.hasUpdatedAt() ? instant(b.getUpdatedAt()) : null, b.getVersion());
    }

    static ChannelView channel(Channel c) {
        return new ChannelView(kind(c.getKind()), c.getSettingsMap(), c.getIngressPath());
    }

    public static BotState state(io.botgrid.proto.v1.BotState s) {
        return switch (s) {
            case BOT_STATE_ACTIVE -> BotState.ACTIVE;
            case BOT_STATE_PAUSED -> BotState.PAUSED;
            case BOT_STATE_DELETED -> BotState.DELETED;
            default -> BotState.UNKNOWN;
        };
    }

    public static io.botgrid.proto.v1.BotState state(BotState s) {
        if (s == null) {
            return io.botgrid.proto.v1.BotState.BOT_STATE_UNSPECIFIED;
        }
        return switch (s) {
            case ACTIVE -> io.botgrid.proto.v1.BotState.BOT_STATE_ACTIVE;
            case PAUSED -> io.botgrid.proto.v1.BotState.BOT_STATE_PAUSED;
            case DELETED -> io.botgrid.proto.v1.BotState.BOT_STATE_DELETED;
            case UNKNOWN -> throw new IllegalArgumentException("state UNKNOWN cannot be sent");
        };
    }

    public static ChannelKind kind(io.botgrid.proto.v1.ChannelKind k) {
        return switch (k) {
            case CHANNEL_KIND_SLACK -> ChannelKind.SLACK;
            case CHANNEL_KIND_WEBHOOK -> ChannelKind.WEBHOOK;
            case CHANNEL_KIND_GRPC -> ChannelKind.GRPC;
            default -> ChannelKind.UNKNOWN;
        };
    }

    public static io.botgrid.proto.v1.ChannelKind kind(ChannelKind k) {
        return switch (k) {
            case SLACK -> io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_SLACK;
            case WEBHOOK -> io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_WEBHOOK;
            case GRPC -> io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_GRPC;
            case UNKNOWN -> throw new IllegalArgumentException("channel kind UNKNOWN cannot be sent");
        };
    }

    public static BotStats stats(io.botgrid.proto.v1.BotStats s) {
        return new BotStats(s.getBotId(), s.getMessagesIn(), s.getRepliesOut(), s.getErrors(), s.getSessions(),
                s.getLlmTokens(), s.getLlmOverBudget());
    }

    public static Reply reply(io.botgrid.proto.v1.Reply r) {
        return new Reply(r.getReplyId(), r.getText(), r.getSeq(), r.getInReplyTo(),
                r.hasAt() ? instant(r.getAt()) : null);
    }

    public static SessionRef session(io.botgrid.proto.v1.SessionRef s) {
        return new SessionRef(s.getBotId(), s.getPlatform(), s.getTeam(), s.getConversation());
    }

    public static io.botgrid.proto.v1.SessionRef session(SessionRef s) {
        return io.botgrid.proto.v1.SessionRef.newBuilder().setBotId(s.botId()).setPlatform(s.platform())
                .setTeam(s.team()).setConversation(s.conversation()).build();
    }

    public static HistoryTurn turn(io.botgrid.proto.v1.HistoryTurn t) {
        HistoryTurn.Role role = switch (t.getRole()) {
            case ROLE_USER -> HistoryTurn.Role.USER;
            case ROLE_BOT -> HistoryTurn.Role.BOT;
            default -> HistoryTurn.Role.UNKNOWN;
        };
        return new HistoryTurn(role, t.getText(), t.getUserId(), t.getId(), t.hasAt() ? instant(t.getAt()) : null,
                t.getSeq());
    }

    public static SessionSummary summary(io.botgrid.proto.v1.SessionSummary s) {
        return new SessionSummary(session(s.getSession()), s.getUserId(),
                s.hasLastActivity() ? instant(s.getLastActivity()) : null, s.getState());
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}

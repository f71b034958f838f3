package io.botgrid.channels.internal.slack;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.InboundMessage;
import java.time.Instant;

/**
 * Maps a Slack message onto Botgrid's session model. A session is per user and per thread, so that two people
 * talking to the bot in one channel, or one person in two threads, each get their own conversation state. Replies
 * stay where the person wrote: in the thread the message is in, else at the top level, as a person would answer a
 * direct message or a remark in a channel; a bot set to thread its replies starts a thread under a top-level channel
 * message instead (never in a direct message, where a thread only hides the answer).
 */
public final class SlackMessages {
    /** The {@link InboundMessage#platform()} of Slack messages. */
    public static final String PLATFORM = "slack";

    private SlackMessages() {
    }

    /**
     * The normalised message: team = workspace, conversation = {@code channel[/thread_ts]:user}, message id
     * {@code slack:{channel}:{ts}}, replies to the same channel: in {@code thread_ts} when the message is in a
     * thread; under {@code ts} when it is a top-level channel message and {@code threadReplies} is on; else at the
     * top level. The id is the message's, not the event's: Slack's retries of an event and the {@code message} and
     * {@code app_mention} events of one message (an app subscribed to both gets both, with different event ids) all
     * name the same message, so it is handled once.
     *
     * @param threadReplies the bot's {@code thread_replies} channel setting
     */
    public static InboundMessage toInbound(String botId, SlackEvent.Message m, Instant receivedAt,
                                           boolean threadReplies) {
        String place = m.threadTs() == null ? m.channel() : m.channel() + "/" + m.threadTs();
        String replyThread = m.threadTs() != null ? m.threadTs()
                : threadReplies && !m.direct() ? m.ts()
                : null;
        ChannelTarget replyTo = new ChannelTarget(ChannelKind.SLACK, m.channel(), replyThread);
        return new InboundMessage(botId, PLATFORM, m.teamId(), place + ":" + m.user(), m.user(),
                "slack:" + m.channel() + ":" + m.ts(), m.text(), receivedAt, replyTo);
    }
}

package io.botgrid.channels.internal.slack;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.InboundMessage;
import java.time.Instant;

/**
 * Maps a Slack message onto Botgrid's session model. A session is per user and per thread, so that two people
 * talking to the bot in one channel, or one person in two threads, each get their own conversation state; replies
 * go into the thread the message is in, or start one under it.
 */
public final class SlackMessages {
    /** The {@link InboundMessage#platform()} of Slack messages. */
    public static final String PLATFORM = "slack";

    private SlackMessages() {
    }

    /**
     * The normalised message: team = workspace, conversation = {@code channel[/thread_ts]:user}, message id
     * {@code slack:{channel}:{ts}}, replies to the same channel in {@code thread_ts}, or under {@code ts} when the
     * message is not in a thread. The id is the message's, not the event's: Slack's retries of an event and the
     * {@code message} and {@code app_mention} events of one message (an app subscribed to both gets both, with
     * different event ids) all name the same message, so it is handled once.
     */
    public static InboundMessage toInbound(String botId, SlackEvent.Message m, Instant receivedAt) {
        String place = m.threadTs() == null ? m.channel() : m.channel() + "/" + m.threadTs();
        ChannelTarget replyTo = new ChannelTarget(ChannelKind.SLACK, m.channel(),
                m.threadTs() != null ? m.threadTs() : m.ts());
        return new InboundMessage(botId, PLATFORM, m.teamId(), place + ":" + m.user(), m.user(),
                "slack:" + m.channel() + ":" + m.ts(), m.text(), receivedAt, replyTo);
    }
}

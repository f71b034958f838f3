package io.botgrid.channels.internal.slack;

import java.util.Objects;

/**
 * What an Events API callback means for a bot. Sealed, so that the endpoint's handling of each case is checked by
 * the compiler rather than by a forgotten {@code else}.
 */
public sealed interface SlackEvent {

    /**
     * Slack checking that the endpoint is ours, when the app's request URL is configured; answered by echoing the
     * challenge.
     *
     * @param challenge the value to echo
     */
    record UrlVerification(String challenge) implements SlackEvent {
        /** Requires the challenge. */
        public UrlVerification {
            Objects.requireNonNull(challenge, "challenge");
        }
    }

    /**
     * A user's message the bot should answer ({@code message} or {@code app_mention}).
     *
     * @param teamId workspace ({@code team_id})
     * @param eventId Slack's id of the callback, stable across its retries ({@code event_id})
     * @param channel channel id
     * @param user author's user id
     * @param text the message text
     * @param ts the message's timestamp (its id within the channel)
     * @param threadTs the thread's root timestamp when the message is in a thread, else null
     * @param direct whether it is a direct message to the bot ({@code channel_type: im})
     */
    record Message(String teamId, String eventId, String channel, String user, String text, String ts,
                   String threadTs, boolean direct) implements SlackEvent {
        /** Requires everything but the thread. */
        public Message {
            Objects.requireNonNull(teamId, "teamId");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(ts, "ts");
        }
    }

    /**
     * A message the bot must not answer: its own, another bot's, an edit, a deletion, a join notice…
     *
     * @param reason why, for debug logs
     */
    record Ignored(String reason) implements SlackEvent {
    }

    /**
     * A callback or event type Botgrid does not handle; acknowledged so that Slack does not retry it.
     *
     * @param type the callback type, or {@code event_callback/<event type>}
     */
    record Unsupported(String type) implements SlackEvent {
    }
}

package io.botgrid.bots.platform;

/**
 * Where a bot's channel receivers run: long-lived connections the node opens to a platform (Slack Socket Mode), as
 * opposed to platforms that call the node's HTTP endpoint. The bot platform says which bots need one; the node
 * (composition root) runs them as supervised workers on the bot's owner node, so that the bot platform does not
 * depend on the workers component. Calls are blocking (cluster-wide, durable writes) and idempotent.
 */
public interface ChannelReceivers {
    /** The actor type of bots: a receiver is placed with the bot's actor ({@code bot/<id>}) and moves with it. */
    String BOT_ACTOR_TYPE = "bot";

    /** Makes sure the bot's Slack Socket Mode receiver runs (one cluster-wide), and will again after restarts. */
    void ensureSlackSocketMode(String botId);

    /** Stops the bot's receivers, if it has any. */
    void remove(String botId);

    /** For nodes without workers (unit tests of the platform): nothing runs. */
    ChannelReceivers NONE = new ChannelReceivers() {
        @Override
        public void ensureSlackSocketMode(String botId) {
        }

        @Override
        public void remove(String botId) {
        }
    };
}

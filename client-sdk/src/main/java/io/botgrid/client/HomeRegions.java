package io.botgrid.client;

/**
 * Which region is the home of an actor: the region whose cluster holds its data and serves it, and so the one the
 * client sends its calls to first. A conversation's home is its bot's: {@code regionOf("bot", botId)}.
 *
 * <p>Why the application says it: a bot's home is a deployment decision (where its users and channels are), which
 * the client cannot guess; the default sends everything to the preferred region. A region the client does not know,
 * or null, also means the preferred region.
 */
@FunctionalInterface
public interface HomeRegions {
    /** Every actor's home is the preferred region. */
    HomeRegions PREFERRED = (type, key) -> null;

    String regionOf(String actorType, String actorKey);
}

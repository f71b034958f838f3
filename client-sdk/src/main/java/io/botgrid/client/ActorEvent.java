package io.botgrid.client;

/**
 * One persisted event of an actor, as followed through {@link Actors#follow}.
 *
 * @param <E> the event message type
 * @param seq its sequence number (1, 2, 3 ... without gaps)
 */
public record ActorEvent<E>(long seq, E event, long timestampMillis) {
}

package io.botgrid.bots;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler wants done in answer to one message: replies to send, variables to set and, optionally, the
 * conversation's next state.
 *
 * <p>Why a description instead of side effects: the session actor records the result as one event, so the replies
 * and the state change are stored together, delivered exactly once per reply and survive a failover.
 *
 * @param replies texts to send, in order; may be empty
 * @param setVariables session variables to set (merged into the existing ones)
 * @param nextState the state to move to, or empty to stay
 */
public record HandlerResult(List<String> replies, Map<String, String> setVariables, Optional<String> nextState) {
    private static final HandlerResult NONE = new HandlerResult(List.of(), Map.of(), Optional.empty());

    public HandlerResult {
        replies = List.copyOf(Objects.requireNonNull(replies, "replies"));
        setVariables = Map.copyOf(Objects.requireNonNull(setVariables, "setVariables"));
        Objects.requireNonNull(nextState, "nextState");
    }

    /** One reply, nothing else changed. */
    public static HandlerResult reply(String text) {
        return new HandlerResult(List.of(Objects.requireNonNull(text, "text")), Map.of(), Optional.empty());
    }

    /** No reply and no change: the message was seen and deliberately left unanswered. */
    public static HandlerResult none() {
        return NONE;
    }
}

package io.botgrid.bots;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler decided for one message: the replies to send (in order), the session variables to set, and the
 * conversation state to move to. The session persists all of it atomically, with the message, before any reply
 * leaves, so a crash never sends a reply whose variables were lost.
 *
 * @param replies texts to send, possibly none
 * @param setVariables variables to set (existing ones not named stay)
 * @param nextState the state to move to, or empty to stay
 */
public record HandlerResult(List<String> replies, Map<String, String> setVariables, Optional<String> nextState) {
    public HandlerResult {
        replies = List.copyOf(replies);
        setVariables = Map.copyOf(setVariables);
        Objects.requireNonNull(nextState, "nextState");
    }

    /** One reply, nothing else. */
    public static HandlerResult reply(String text) {
        return new HandlerResult(List.of(text), Map.of(), Optional.empty());
    }

    /** No reply, no change. */
    public static HandlerResult none() {
        return new HandlerResult(List.of(), Map.of(), Optional.empty());
    }
}

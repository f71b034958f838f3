package io.botgrid.bots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * A result with several parts, e.g. {@code HandlerResult.builder().reply("Added.").set("cart", "apple:2")
     * .nextState("shopping").build()}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects replies, variables and the next state; a variable set twice keeps the last value. */
    public static final class Builder {
        private final List<String> replies = new ArrayList<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private String nextState;

        private Builder() {
        }

        /** Adds a reply, sent after the ones added before. */
        public Builder reply(String text) {
            replies.add(Objects.requireNonNull(text, "text"));
            return this;
        }

        /** Sets a session variable (merged into the session's existing ones). */
        public Builder set(String variable, String value) {
            variables.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Moves the conversation to {@code state}. */
        public Builder nextState(String state) {
            nextState = Objects.requireNonNull(state, "state");
            return this;
        }

        public HandlerResult build() {
            return new HandlerResult(replies, variables, Optional.ofNullable(nextState));
        }
    }
}

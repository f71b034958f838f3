package io.botgrid.actor;

import java.util.regex.Pattern;

/**
 * The identity of a virtual actor: its type (which behaviour handles it) and its key (which instance).
 *
 * <p>An actor is never created or destroyed: any id names an actor that exists logically and is activated on the
 * node that owns the id's partition when a message arrives. The type must be a short name of letters, digits,
 * {@code _ . -}; the key is any non-blank string of at most {@value #MAX_KEY_LENGTH} characters.
 *
 * @param type the registered actor type, e.g. {@code "session"}
 * @param key the instance key within the type, e.g. a conversation id
 */
public record ActorId(String type, String key) {
    /** Longest key accepted, in characters: keys are stored in every journal entry of the actor. */
    public static final int MAX_KEY_LENGTH = 512;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    /**
     * Validates the id.
     *
     * @throws InvalidActorIdException if the type or key is empty, too long or has characters not allowed
     */
    public ActorId {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidActorIdException("actor type must be 1-64 characters of [A-Za-z0-9_.-], got "
                    + (type == null ? "null" : "'" + type + "'"));
        }
        if (key == null || key.isBlank()) {
            throw new InvalidActorIdException("actor key must not be empty (type '" + type + "')");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidActorIdException("actor key is " + key.length() + " characters, the maximum is "
                    + MAX_KEY_LENGTH + " (type '" + type + "')");
        }
    }

    /** Shorthand for {@code new ActorId(type, key)}. */
    public static ActorId of(String type, String key) {
        return new ActorId(type, key);
    }

    /**
     * The id as one string, {@code type/key}: the affinity key of everything stored for this actor. The type cannot
     * contain {@code /}, so the form is unambiguous.
     */
    public String asString() {
        return type + '/' + key;
    }

    /** Parses {@link #asString()}. */
    public static ActorId parse(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new InvalidActorIdException("'" + value + "' is not of the form type/key");
        }
        return new ActorId(value.substring(0, slash), value.substring(slash + 1));
    }

    @Override
    public String toString() {
        return asString();
    }
}

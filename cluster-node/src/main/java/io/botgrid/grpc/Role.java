package io.botgrid.grpc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a caller of the gRPC front may do. Health checking and server reflection need no role.
 */
public enum Role {
    /** Everything, including changes to the cluster such as draining a node, and creating or changing bots. */
    ADMIN,
    /** Reads of the cluster service (nodes and placement) and of the bot service (bots and their counters). */
    OPERATOR,
    /** Calls to actors and conversations with bots: the actor and conversation services. */
    CLIENT;

    /** The name used in configuration and in JWT {@code role} claims: {@code admin}, {@code operator}, {@code client}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #label()}, ignoring case.
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    @JsonCreator
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + label + "' is not one of "
                + Arrays.stream(values()).map(Role::label).toList());
    }
}

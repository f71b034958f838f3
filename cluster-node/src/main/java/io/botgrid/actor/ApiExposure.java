package io.botgrid.actor;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether, and to which callers, the node's generic actor API (the gRPC {@code ActorService}: {@code Call} and
 * {@code FollowEvents}) may reach an actor type. The generic API hands any command to the actor and streams its raw
 * journal, so a type whose state or commands must stay behind a narrower API (the bot platform's {@code bot} and
 * {@code session} types hold channel secrets and are changed only through the bot and conversation services) is
 * registered {@link #INTERNAL}: the generic API then answers as if the type did not exist, to every caller.
 *
 * <p>Roles are named by the labels callers' credentials carry ({@value #ADMIN}, {@value #OPERATOR},
 * {@value #CLIENT}); the front maps its own role type onto them, so this package stays free of any transport. A
 * role not listed is refused even if the type is exposed; {@code admin} is not implied.
 *
 * @param exposed whether the generic API may reach the type at all; if not, both role sets are empty
 * @param callRoles roles that may send the type commands ({@code Call})
 * @param followRoles roles that may read and follow the type's events ({@code FollowEvents})
 */
public record ApiExposure(boolean exposed, Set<String> callRoles, Set<String> followRoles) {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String CLIENT = "client";
    /** The role labels there are. */
    public static final Set<String> ROLES = Set.of(ADMIN, OPERATOR, CLIENT);

    /**
     * Reachable by applications and administrators, as every type was before exposure could be chosen: {@code client}
     * and {@code admin} may call and follow; {@code operator} (dashboards) may not.
     */
    public static final ApiExposure DEFAULT = new ApiExposure(true, Set.of(CLIENT, ADMIN), Set.of(CLIENT, ADMIN));

    /** Not reachable through the generic API by anyone: only the node's own code and dedicated services use it. */
    public static final ApiExposure INTERNAL = new ApiExposure(false, Set.of(), Set.of());

    /**
     * Validates and copies the role sets.
     *
     * @throws IllegalArgumentException on an unknown role label, or roles given for a type that is not exposed
     */
    public ApiExposure {
        callRoles = checked(callRoles, "callRoles");
        followRoles = checked(followRoles, "followRoles");
        if (!exposed && (!callRoles.isEmpty() || !followRoles.isEmpty())) {
            throw new IllegalArgumentException("a type that is not exposed allows no role; got callRoles "
                    + new TreeSet<>(callRoles) + " and followRoles " + new TreeSet<>(followRoles));
        }
    }

    /** An exposed type reachable by the given roles. */
    public static ApiExposure roles(Set<String> callRoles, Set<String> followRoles) {
        return new ApiExposure(true, callRoles, followRoles);
    }

    /** Whether a caller with this role may send commands. */
    public boolean mayCall(String role) {
        return exposed && callRoles.contains(role);
    }

    /** Whether a caller with this role may follow events. */
    public boolean mayFollow(String role) {
        return exposed && followRoles.contains(role);
    }

    private static Set<String> checked(Set<String> roles, String name) {
        Objects.requireNonNull(roles, name);
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException(name + " contains '" + role + "', which is not one of "
                        + new TreeSet<>(ROLES));
            }
        }
        return Set.copyOf(roles);
    }
}

package io.botgrid.console.internal;

import io.botgrid.grpc.Role;

/**
 * Who is looking at the console: a signed-in caller with the session's CSRF token, or, on a node without credentials,
 * the anonymous admin the gRPC front would also let through ({@code signedIn} false).
 */
record Viewer(String name, Role role, String csrfToken, String sessionId, boolean signedIn) {
    /** Whether this viewer may change things: admins only, as on the gRPC front. */
    boolean mayChange() {
        return role == Role.ADMIN;
    }

    /** Whether this viewer may look: admins and operators (a client role talks to bots, it does not run them). */
    boolean maySee() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }
}

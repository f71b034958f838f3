package io.botgrid.console.internal;

import io.botgrid.grpc.BearerTokens;
import io.botgrid.grpc.Role;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-ins, kept in this node's memory only: a session id (the cookie's value, 256 random bits), the
 * caller the token named, a CSRF token of its own, and the time of its last request (a session idle longer than the
 * idle timeout is gone). The token itself is not kept. A node that restarts forgets its sessions; each node signs in
 * on its own. At most {@value #MAX_SESSIONS} sessions: the oldest go first.
 */
final class Sessions {
    static final String COOKIE = "botgrid_console";
    static final int MAX_SESSIONS = 10_000;

    private record Session(BearerTokens.Caller caller, String csrf, Instant created, Instant lastSeen) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;

    Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    /** A new session for the caller; returns its id. */
    String open(BearerTokens.Caller caller) {
        sweep();
        Instant now = clock.instant();
        String id = randomToken();
        sessions.put(id, new Session(caller, randomToken(), now, now));
        return id;
    }

    /** The viewer of a live session, which counts as a request; empty for an unknown or idle one. */
    Optional<Viewer> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(id, (k, v) -> v.lastSeen().plus(idle).isBefore(now) ? null
                : new Session(v.caller(), v.csrf(), v.created(), now));
        return s == null ? Optional.empty()
                : Optional.of(new Viewer(s.caller().name(), s.caller().role(), s.csrf(), id, true));
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Whether a submitted CSRF token is the viewer's, compared in constant time. */
    static boolean csrfMatches(Viewer viewer, String submitted) {
        return submitted != null && MessageDigest.isEqual(viewer.csrfToken().getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    /** The viewer of a node without credentials: admin, as the gRPC front treats its callers; a fixed CSRF token. */
    static Viewer anonymous(String csrf) {
        return new Viewer("anonymous", Role.ADMIN, csrf, "", false);
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.lastSeen().plus(idle).isBefore(now));
        while (sessions.size() >= MAX_SESSIONS) {
            Iterator<Map.Entry<String, Session>> oldest = sessions.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue((a, b) -> a.created().compareTo(b.created()))).iterator();
            if (!oldest.hasNext()) {
                return;
            }
            sessions.remove(oldest.next().getKey());
        }
    }
}

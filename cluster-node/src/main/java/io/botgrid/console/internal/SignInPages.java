package io.botgrid.console.internal;

import io.botgrid.grpc.BearerTokens;
import java.io.IOException;

/**
 * Sign-in with the gRPC front's credentials (an API key or a JWT, pasted once) and sign-out. The token is checked by
 * {@link BearerTokens}, exactly as the gRPC front checks it, and is not kept: the session remembers the caller and
 * role. The cookie is {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site sends it) and
 * {@code Secure} when the console serves HTTPS. Every sign-in, refused or not, and every sign-out is audited.
 */
final class SignInPages {
    private final BearerTokens tokens;
    private final Sessions sessions;
    private final ConsoleAudit audit;
    private final String node;
    private final boolean tls;

    SignInPages(BearerTokens tokens, Sessions sessions, ConsoleAudit audit, String node, boolean tls) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.audit = audit;
        this.node = node;
        this.tls = tls;
    }

    void form(Exchange ex, int status, String error) throws IOException {
        String body = (error == null ? "" : "<p class=\"error\" id=\"error\">" + Html.esc(error) + "</p>")
                + (tokens.enabled() ? "<form method=\"post\" action=\"/console/signin\" id=\"signin\" class=\"edit\">"
                + "<label>API key or JWT <input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\" "
                + "required></label><button id=\"signin-button\">Sign in</button></form>"
                + "<p>The same credentials as the gRPC front: an admin changes, an operator looks.</p>"
                : "<p id=\"no-signin\">This node has no API keys and no JWT secret: there is nothing to sign in with. "
                + "<a href=\"/console/cluster\">Open the console</a>.</p>");
        ex.html(status, Html.page("Sign in", node, null, body));
    }

    void signIn(Exchange ex) throws IOException {
        if (!tokens.enabled()) {
            ex.redirect("/console/cluster");
            return;
        }
        String token = ex.form("token").strip();
        BearerTokens.Caller caller;
        try {
            caller = tokens.authenticate(token);
        } catch (BearerTokens.RefusedException e) {
            audit.record("unauthenticated", "", "SignIn", "", ex.remote(), "UNAUTHENTICATED", e.getMessage());
            form(ex, 401, "Sign-in refused: " + e.getMessage());
            return;
        }
        if (caller.role() == io.botgrid.grpc.Role.CLIENT) {
            audit.record(caller.name(), caller.role().label(), "SignIn", "", ex.remote(), "PERMISSION_DENIED",
                    "role client may not use the console");
            form(ex, 403, "Role client talks to bots through the API; the console needs operator or admin.");
            return;
        }
        String id = sessions.open(caller);
        ex.setCookie(Sessions.COOKIE + "=" + id + "; Path=/console; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
        audit.record(caller.name(), caller.role().label(), "SignIn", "", ex.remote(), "OK", "");
        ex.redirect("/console/cluster");
    }

    void signOut(Exchange ex, Viewer viewer) {
        sessions.close(viewer.sessionId());
        ex.setCookie(Sessions.COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
        audit.record(viewer, "SignOut", "", ex.remote(), "OK", "");
        ex.redirect("/console/signin");
    }
}

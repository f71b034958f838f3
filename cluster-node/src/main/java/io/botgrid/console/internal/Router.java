package io.botgrid.console.internal;

import io.botgrid.grpc.BearerTokens;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every console request: the security headers, the static files, sign-in, then who is asking (a session, or the
 * anonymous admin of a node without credentials), and for a change (every POST) the origin check, the CSRF token and
 * the admin role, in that order, before the page's own code runs (only the plugin upload may send a multipart form).
 * A refusal is its HTTP status with the reason on a page; a change, done or refused, is audited.
 */
final class Router extends Handler.Abstract {
    /** Scripts and styles from the console's own files only, no inline code, no framing, forms to itself only. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Pattern BOT = Pattern.compile("/console/bots/([^/]+)(?:/(conversation/events|conversation|"
            + "pause|resume|delete|channels|channels/disconnect))?");
    private static final Pattern PLUGIN_REMOVE = Pattern.compile("/console/plugins/([^/]+)/([^/]+)/remove");

    private final String node;
    private final BearerTokens tokens;
    private final Sessions sessions;
    private final Viewer anonymous;
    private final ConsoleAudit audit;
    private final Assets assets;
    private final SignInPages signIn;
    private final ClusterPages cluster;
    private final ActorPages actors;
    private final BotPages bots;
    private final ConversationPages conversations;
    private final WorkerPages workers;
    private final PluginPages plugins;

    Router(String node, BearerTokens tokens, Sessions sessions, ConsoleAudit audit, Assets assets, SignInPages signIn,
           ClusterPages cluster, ActorPages actors, BotPages bots, ConversationPages conversations,
           WorkerPages workers, PluginPages plugins) {
        super(InvocationType.BLOCKING);
        this.node = node;
        this.tokens = tokens;
        this.sessions = sessions;
        this.anonymous = Sessions.anonymous(sessions.randomToken());
        this.audit = audit;
        this.assets = assets;
        this.signIn = signIn;
        this.cluster = cluster;
        this.actors = actors;
        this.bots = bots;
        this.conversations = conversations;
        this.workers = workers;
        this.plugins = plugins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "same-origin");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        Exchange ex = new Exchange(request, response, callback);
        Viewer viewer = null;
        String action = null;
        String target = "";
        try {
            String path = ex.path();
            String method = ex.method();
            boolean get = "GET".equals(method) || "HEAD".equals(method);
            if (!get && !"POST".equals(method)) {
                headers.put(HttpHeader.ALLOW, "GET, HEAD, POST");
                throw new HttpRefusal(405, "INVALID_ARGUMENT", "method " + method + " is not allowed here");
            }
            if (path.startsWith("/console/static/")) {
                if (!get || !assets.serve(ex, path.substring("/console/static/".length()))) {
                    throw HttpRefusal.notFound("no such file");
                }
                return true;
            }
            if (!get && !ex.sameOrigin()) {
                throw HttpRefusal.forbidden("cross-origin request refused: the Origin header must be this console's");
            }
            if ("/console/signin".equals(path)) {
                if (get) {
                    signIn.form(ex, 200, null);
                } else {
                    signIn.signIn(ex);
                }
                return true;
            }
            if (!path.equals("/console") && !path.startsWith("/console/")) {
                throw HttpRefusal.notFound("no such page: the console is under /console");
            }
            Optional<Viewer> who = tokens.enabled() ? ex.sessionCookie().flatMap(sessions::find)
                    : Optional.of(anonymous);
            if (who.isEmpty()) {
                if (get && !path.endsWith("/events") && !path.startsWith("/console/cluster/")) {
                    ex.redirect("/console/signin");
                    return true;
                }
                throw HttpRefusal.unauthenticated("not signed in, or the session has ended: sign in again");
            }
            viewer = who.get();
            if (!viewer.maySee()) {
                throw HttpRefusal.forbidden("role " + viewer.role().label() + " may not use the console");
            }
            if (get) {
                routeGet(ex, viewer, path);
                return true;
            }
            if ("/console/plugins".equals(path)) {
                ex.acceptUploads(); // the one multipart form: a plugin jar
            }
            if (!Sessions.csrfMatches(viewer, ex.form("csrf"))) {
                action = "Change";
                throw HttpRefusal.forbidden("missing or wrong CSRF token: reload the page and try again");
            }
            if ("/console/signout".equals(path)) {
                signIn.signOut(ex, viewer);
                return true;
            }
            Matcher m = BOT.matcher(path);
            Matcher plugin = PLUGIN_REMOVE.matcher(path);
            if ("/console/bots".equals(path)) {
                action = "CreateBot";
                target = ex.form("bot_id");
            } else if (m.matches() && m.group(2) == null) {
                action = "UpdateBot";
                target = Paths.decodeSegment(m.group(1));
            } else if (m.matches() && !m.group(2).startsWith("conversation")) {
                action = switch (m.group(2)) {
                    case "pause" -> "PauseBot";
                    case "resume" -> "ResumeBot";
                    case "channels" -> "ConnectChannel";
                    case "channels/disconnect" -> "DisconnectChannel";
                    default -> "DeleteBot";
                };
                target = Paths.decodeSegment(m.group(1));
                if (action.endsWith("Channel")) {
                    String kind = ex.form("kind");
                    target += "/" + (kind.startsWith("slack") ? "slack" : kind);
                }
            } else if ("/console/plugins".equals(path)) {
                action = "UploadPlugin";
                target = ex.form("name").strip() + "@" + ex.form("version").strip();
            } else if (plugin.matches()) {
                action = "RemovePlugin";
                target = Paths.decodeSegment(plugin.group(1)) + "@" + Paths.decodeSegment(plugin.group(2));
            } else {
                throw HttpRefusal.notFound("no such action");
            }
            if (!viewer.mayChange()) {
                throw HttpRefusal.forbidden("role " + viewer.role().label() + " may look but not change; an admin may");
            }
            switch (action) {
                case "CreateBot" -> target = bots.create(ex, viewer);
                case "UpdateBot" -> bots.update(ex, target);
                case "PauseBot" -> bots.pause(ex, target);
                case "ConnectChannel" -> bots.connect(ex, Paths.decodeSegment(m.group(1)));
                case "DisconnectChannel" -> bots.disconnect(ex, Paths.decodeSegment(m.group(1)));
                case "UploadPlugin" -> target = plugins.upload(ex, viewer);
                case "RemovePlugin" -> plugins.remove(ex, Paths.decodeSegment(plugin.group(1)),
                        Paths.decodeSegment(plugin.group(2)));
                case "ResumeBot" -> bots.resume(ex, target);
                default -> bots.delete(ex, target);
            }
            audit.record(viewer, action, target, ex.remote(), "OK", "");
        } catch (HttpRefusal r) {
            if (viewer != null && action != null) {
                audit.record(viewer, action, target, ex.remote(), r.result(), r.getMessage());
            }
            refuse(ex, viewer, r.status(), r.getMessage());
        } catch (Exception e) {
            LOG.warn("Console of node {}: {} {} failed", node, ex.method(), ex.path(), e);
            if (viewer != null && action != null) {
                audit.record(viewer, action, target, ex.remote(), "INTERNAL", e.getClass().getSimpleName());
            }
            refuse(ex, viewer, 500, "the console could not answer; the node's log has the details");
        }
        return true;
    }

    private void routeGet(Exchange ex, Viewer viewer, String path) throws IOException {
        switch (path) {
            case "/console", "/console/" -> ex.redirect("/console/cluster");
            case "/console/cluster" -> cluster.page(ex, viewer);
            case "/console/cluster/nodes" -> cluster.nodes(ex);
            case "/console/cluster/charts" -> cluster.charts(ex);
            case "/console/actors" -> actors.page(ex, viewer);
            case "/console/bots" -> bots.list(ex, viewer);
            case "/console/bots/new" -> bots.createForm(ex, viewer);
            case "/console/workers" -> workers.page(ex, viewer);
            case "/console/plugins" -> plugins.list(ex, viewer);
            default -> {
                Matcher m = BOT.matcher(path);
                if (!m.matches() || m.group(2) != null && !m.group(2).startsWith("conversation")) {
                    throw HttpRefusal.notFound("no such page: " + path);
                }
                String botId = Paths.decodeSegment(m.group(1));
                if (m.group(2) == null) {
                    bots.show(ex, viewer, botId);
                } else if (m.group(2).equals("conversation")) {
                    conversations.page(ex, viewer, botId);
                } else {
                    conversations.events(ex, botId);
                }
            }
        }
    }

    private void refuse(Exchange ex, Viewer viewer, int status, String message) {
        try {
            if (ex.response().isCommitted()) {
                ex.failed(new IOException(message));
                return;
            }
            ex.response().getHeaders().remove(HttpHeader.LOCATION);
            ex.html(status, Html.refusal(status, message, node, viewer));
        } catch (IOException | RuntimeException e) {
            ex.failed(e);
        }
    }
}

package io.botgrid.console.internal;

import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.Channel;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.ListSessionsResponse;
import io.botgrid.proto.v1.SessionSummary;
import io.botgrid.proto.v1.UpdateBotRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The bots: a list with paging and filters (state, a name fragment within the page), a bot's page (settings, channels,
 * counters, sessions) and the changes an admin makes — create, edit the handler settings, pause, resume, delete —
 * all through the bot platform the gRPC front also calls, so the rules (ids, handlers, secrets masked) are its.
 * Handler settings are shown as the platform returns them, secrets masked; the edit form starts empty and an empty
 * field keeps the current value, so a masked secret is never written back. Channels are connected, reconfigured and
 * disconnected through the platform's {@code ConnectChannel}/{@code DisconnectChannel}: a connect replaces the
 * kind's settings (the platform keeps no half-old secrets), so its secret fields are password inputs that start empty
 * every time, and what the page shows of a channel is the platform's masked view.
 */
final class BotPages {
    static final int PAGE_SIZE = 20;

    private final Supplier<BotsApi> bots;
    private final String node;

    BotPages(Supplier<BotsApi> bots, String node) {
        this.bots = bots;
        this.node = node;
    }

    private BotsApi api() {
        return Futures.service(bots, "the bot platform is");
    }

    void list(Exchange ex, Viewer viewer) throws IOException {
        String state = ex.query("state");
        String q = ex.query("q").strip();
        String token = ex.query("page");
        ListBotsRequest.Builder request = ListBotsRequest.newBuilder().setPageSize(PAGE_SIZE).setPageToken(token);
        switch (state) {
            case "", "all" -> { }
            case "active" -> request.setState(BotState.BOT_STATE_ACTIVE);
            case "paused" -> request.setState(BotState.BOT_STATE_PAUSED);
            default -> throw HttpRefusal.badRequest("state must be all, active or paused, got '" + state + "'");
        }
        ListBotsResponse page = Futures.await(api().listBots(request.build()));
        StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/console/bots\" class=\"filters\">")
                .append("<label>State <select name=\"state\" id=\"filter-state\">");
        for (String s : new String[] {"all", "active", "paused"}) {
            b.append("<option").append(s.equals(state) ? " selected" : "").append(">").append(s).append("</option>");
        }
        b.append("</select></label><label>Name contains <input name=\"q\" id=\"filter-q\" value=\"")
                .append(Html.esc(q)).append("\"></label><button id=\"filter\">Filter</button></form>");
        if (viewer.mayChange()) {
            b.append("<p><a href=\"/console/bots/new\" id=\"new-bot\" class=\"button\">New bot</a></p>");
        }
        b.append("<table id=\"bots\"><thead><tr><th>Id</th><th>Name</th><th>Handler</th><th>State</th><th>Channels</th>")
                .append("<th>Updated</th></tr></thead><tbody>");
        String needle = q.toLowerCase(Locale.ROOT);
        for (Bot bot : page.getBotsList()) {
            if (!needle.isEmpty() && !bot.getName().toLowerCase(Locale.ROOT).contains(needle)
                    && !bot.getBotId().contains(needle)) {
                continue;
            }
            b.append("<tr data-bot=\"").append(Html.esc(bot.getBotId())).append("\"><td><a href=\"")
                    .append(botPath(bot.getBotId())).append("\">").append(Html.esc(bot.getBotId())).append("</a></td><td>")
                    .append(Html.esc(bot.getName())).append("</td><td>").append(Html.esc(bot.getHandler()))
                    .append("</td><td class=\"state\">").append(state(bot.getState())).append("</td><td>")
                    .append(bot.getChannelsCount()).append("</td><td>").append(Html.time(bot.getUpdatedAt()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (!page.getNextPageToken().isEmpty()) {
            b.append("<p><a id=\"next-page\" href=\"/console/bots?state=").append(Paths.encode(state)).append("&amp;q=")
                    .append(Paths.encode(q)).append("&amp;page=").append(Paths.encode(page.getNextPageToken()))
                    .append("\">Next page</a></p>");
        }
        ex.html(200, Html.page("Bots", node, viewer, b.toString()));
    }

    void createForm(Exchange ex, Viewer viewer) throws IOException {
        requireAdmin(viewer);
        String body = "<form method=\"post\" action=\"/console/bots\" id=\"create-bot\" class=\"edit\">" + Html.csrf(viewer)
                + "<label>Bot id <input name=\"bot_id\" id=\"bot-id\" placeholder=\"empty: generated\"></label>"
                + "<label>Name <input name=\"name\" id=\"bot-name\" required></label>"
                + "<label>Handler <input name=\"handler\" id=\"bot-handler\" value=\"echo\" required></label>"
                + "<label>Handler settings (YAML or JSON) <textarea name=\"handler_settings\" id=\"bot-settings\" "
                + "rows=\"8\"></textarea></label><button id=\"create\">Create</button></form>";
        ex.html(200, Html.page("Bots: new bot", node, viewer, body));
    }

    /** Creates a bot; returns its id for the audit log. */
    String create(Exchange ex, Viewer viewer) throws IOException {
        CreateBotRequest request = CreateBotRequest.newBuilder().setBotId(ex.form("bot_id").strip())
                .setName(ex.form("name").strip()).setHandler(ex.form("handler").strip())
                .setHandlerSettings(ex.form("handler_settings")).build();
        Bot bot = Futures.await(api().createBot(request));
        ex.redirect(botPath(bot.getBotId()));
        return bot.getBotId();
    }

    void show(Exchange ex, Viewer viewer, String botId) throws IOException {
        Bot bot = Futures.await(api().getBot(botId));
        BotStats stats = Futures.await(api().stats(botId));
        ListSessionsResponse sessions = Futures.await(api().listSessions(ListSessionsRequest.newBuilder()
                .setBotId(botId).setPageSize(PAGE_SIZE).build()));
        StringBuilder b = new StringBuilder("<dl id=\"bot\"><dt>Id</dt><dd>").append(Html.esc(bot.getBotId()))
                .append("</dd><dt>Name</dt><dd id=\"bot-name\">").append(Html.esc(bot.getName()))
                .append("</dd><dt>Handler</dt><dd id=\"bot-handler\">").append(Html.esc(bot.getHandler()))
                .append("</dd><dt>State</dt><dd id=\"bot-state\">").append(state(bot.getState()))
                .append("</dd><dt>Version</dt><dd>").append(bot.getVersion())
                .append("</dd><dt>Handler settings (secrets masked)</dt><dd><pre id=\"bot-settings\">")
                .append(Html.esc(bot.getHandlerSettings())).append("</pre></dd></dl>");
        b.append("<h2>Counters</h2><p id=\"bot-stats\">messages in ").append(stats.getMessagesIn())
                .append(", replies out ").append(stats.getRepliesOut()).append(", errors ").append(stats.getErrors())
                .append(", sessions ").append(stats.getSessions()).append("</p>");
        b.append("<h2>Channels</h2><ul id=\"channels\">");
        for (Channel c : bot.getChannelsList()) {
            b.append("<li>").append(Html.esc(c.getKind().name())).append(" at ").append(Html.esc(c.getIngressPath()))
                    .append(" ").append(Html.esc(c.getSettingsMap()));
            if (viewer.mayChange() && bot.getState() != BotState.BOT_STATE_DELETED) {
                String kind = channelName(c.getKind());
                b.append(" <form method=\"post\" action=\"").append(botPath(botId))
                        .append("/channels/disconnect\" class=\"inline\">").append(Html.csrf(viewer))
                        .append("<input type=\"hidden\" name=\"kind\" value=\"").append(Html.esc(kind))
                        .append("\"><button id=\"disconnect-").append(Html.esc(kind))
                        .append("\">Disconnect</button></form>");
            }
            b.append("</li>");
        }
        b.append("</ul>");
        if (viewer.mayChange() && bot.getState() != BotState.BOT_STATE_DELETED) {
            channelForms(b, viewer, botId);
        }
        b.append("<h2>Sessions</h2><ul id=\"sessions\">");
        for (SessionSummary s : sessions.getSessionsList()) {
            var ref = s.getSession();
            b.append("<li><a href=\"").append(botPath(botId)).append("/conversation?platform=")
                    .append(Paths.encode(ref.getPlatform())).append("&amp;team=").append(Paths.encode(ref.getTeam()))
                    .append("&amp;conversation=").append(Paths.encode(ref.getConversation())).append("\">")
                    .append(Html.esc(ref.getPlatform() + " " + ref.getTeam() + "/" + ref.getConversation()))
                    .append("</a> — ").append(Html.esc(s.getUserId())).append(", last ")
                    .append(Html.time(s.getLastActivity())).append("</li>");
        }
        b.append("</ul>");
        if (viewer.mayChange() && bot.getState() != BotState.BOT_STATE_DELETED) {
            String path = botPath(botId);
            b.append("<h2>Change</h2><form method=\"post\" action=\"").append(path).append("\" id=\"edit-bot\" ")
                    .append("class=\"edit\">").append(Html.csrf(viewer))
                    .append("<label>Name <input name=\"name\" id=\"edit-name\" placeholder=\"")
                    .append(Html.esc(bot.getName())).append("\"></label><label>Handler <input name=\"handler\" ")
                    .append("id=\"edit-handler\" placeholder=\"").append(Html.esc(bot.getHandler()))
                    .append("\"></label><label>New handler settings (empty: keep the current ones) <textarea ")
                    .append("name=\"handler_settings\" id=\"edit-settings\" rows=\"6\"></textarea></label>")
                    .append("<button id=\"save\">Save</button></form><div class=\"actions\">");
            String toggle = bot.getState() == BotState.BOT_STATE_PAUSED ? "resume" : "pause";
            for (String action : new String[] {toggle, "delete"}) {
                b.append("<form method=\"post\" action=\"").append(path).append('/').append(action)
                        .append("\" class=\"inline\">").append(Html.csrf(viewer)).append("<button id=\"")
                        .append(action).append("\">").append(Character.toUpperCase(action.charAt(0)))
                        .append(action.substring(1)).append("</button></form>");
            }
            b.append("</div>");
        }
        ex.html(200, Html.page("Bots: " + bot.getName(), node, viewer, b.toString()));
    }

    /** The kinds of channel the console connects, each with its settings; secret ones are password inputs. */
    private record ChannelForm(String kind, String title, ChannelKind proto, List<String> secrets,
                               List<String> plain) {
    }

    private static final List<ChannelForm> CHANNEL_FORMS = List.of(
            new ChannelForm("webhook", "Webhook", ChannelKind.CHANNEL_KIND_WEBHOOK, List.of("secret"),
                    List.of("url")),
            new ChannelForm("slack", "Slack (Events API)", ChannelKind.CHANNEL_KIND_SLACK,
                    List.of("signing_secret", "bot_token"), List.of("bot_user_id", "api_base_url", "thread_replies")),
            new ChannelForm("slack-socket", "Slack (Socket Mode)", ChannelKind.CHANNEL_KIND_SLACK,
                    List.of("app_token", "bot_token"), List.of("bot_user_id", "api_base_url", "thread_replies")));

    private static void channelForms(StringBuilder b, Viewer viewer, String botId) {
        b.append("<h3>Connect or reconfigure a channel</h3><p class=\"hint\">Connecting a kind that is connected ")
                .append("replaces its settings: enter its secrets again (they are stored, never shown). Slack's two ")
                .append("forms are one channel: Socket Mode takes the app token instead of the signing secret.</p>")
                .append("<div class=\"channel-forms\">");
        for (ChannelForm f : CHANNEL_FORMS) {
            b.append("<form method=\"post\" action=\"").append(botPath(botId)).append("/channels\" id=\"connect-")
                    .append(f.kind()).append("\" class=\"edit\" autocomplete=\"off\"><h4>").append(f.title())
                    .append("</h4>").append(Html.csrf(viewer)).append("<input type=\"hidden\" name=\"kind\" value=\"")
                    .append(f.kind()).append("\">");
            for (String s : f.secrets()) {
                b.append("<label>").append(s).append(" <input type=\"password\" name=\"").append(s)
                        .append("\" id=\"").append(f.kind()).append('-').append(s.replace('_', '-'))
                        .append("\" autocomplete=\"new-password\"></label>");
            }
            for (String s : f.plain()) {
                b.append("<label>").append(s).append(" <input name=\"").append(s).append("\" id=\"")
                        .append(f.kind()).append('-').append(s.replace('_', '-')).append("\"")
                        .append(s.equals("thread_replies") ? " placeholder=\"false\"" : "").append("></label>");
            }
            b.append("<button id=\"connect-").append(f.kind()).append("-button\">Connect</button></form>");
        }
        b.append("</div>");
    }

    /** Connects a channel, or reconfigures it: a connect replaces the kind's settings. */
    void connect(Exchange ex, String botId) throws IOException {
        String kind = ex.form("kind");
        ChannelForm f = CHANNEL_FORMS.stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow(() ->
                HttpRefusal.badRequest("kind must be webhook, slack or slack-socket, got '" + kind + "'"));
        ConnectChannelRequest.Builder request = ConnectChannelRequest.newBuilder().setBotId(botId).setKind(f.proto());
        for (List<String> names : List.of(f.secrets(), f.plain())) {
            for (String name : names) {
                String value = ex.form(name).strip();
                if (!value.isEmpty()) {
                    request.putSettings(name, value);
                }
            }
        }
        Futures.await(api().connectChannel(request.build()));
        ex.redirect(botPath(botId));
    }

    void disconnect(Exchange ex, String botId) throws IOException {
        String kind = ex.form("kind");
        ChannelKind proto = switch (kind) {
            case "webhook" -> ChannelKind.CHANNEL_KIND_WEBHOOK;
            case "slack" -> ChannelKind.CHANNEL_KIND_SLACK;
            case "grpc" -> ChannelKind.CHANNEL_KIND_GRPC;
            default -> throw HttpRefusal.badRequest("kind must be webhook, slack or grpc, got '" + kind + "'");
        };
        Futures.await(api().disconnectChannel(DisconnectChannelRequest.newBuilder().setBotId(botId).setKind(proto)
                .build()));
        ex.redirect(botPath(botId));
    }

    /** {@code slack}, {@code webhook}, {@code grpc}: the names the gRPC front's audit entries use. */
    static String channelName(ChannelKind kind) {
        return kind.name().replace("CHANNEL_KIND_", "").toLowerCase(Locale.ROOT);
    }

    void update(Exchange ex, String botId) throws IOException {
        UpdateBotRequest.Builder request = UpdateBotRequest.newBuilder().setBotId(botId);
        if (!ex.form("name").isBlank()) {
            request.setName(ex.form("name").strip());
        }
        if (!ex.form("handler").isBlank()) {
            request.setHandler(ex.form("handler").strip());
        }
        if (!ex.form("handler_settings").isBlank()) {
            request.setHandlerSettings(ex.form("handler_settings"));
        }
        Futures.await(api().updateBot(request.build()));
        ex.redirect(botPath(botId));
    }

    void pause(Exchange ex, String botId) {
        Futures.await(api().pauseBot(BotRef.newBuilder().setBotId(botId).build()));
        ex.redirect(botPath(botId));
    }

    void resume(Exchange ex, String botId) {
        Futures.await(api().resumeBot(BotRef.newBuilder().setBotId(botId).build()));
        ex.redirect(botPath(botId));
    }

    void delete(Exchange ex, String botId) {
        Futures.await(api().deleteBot(BotRef.newBuilder().setBotId(botId).build()));
        ex.redirect("/console/bots");
    }

    static String botPath(String botId) {
        return "/console/bots/" + Paths.encode(botId);
    }

    private static String state(BotState state) {
        return switch (state) {
            case BOT_STATE_ACTIVE -> "active";
            case BOT_STATE_PAUSED -> "paused";
            case BOT_STATE_DELETED -> "deleted";
            default -> "unknown";
        };
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.mayChange()) {
            throw HttpRefusal.forbidden("role " + viewer.role().label() + " may look but not change; an admin may");
        }
    }
}

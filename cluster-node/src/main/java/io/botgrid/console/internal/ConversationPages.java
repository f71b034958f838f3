package io.botgrid.console.internal;

import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.HistoryTurn;
import io.botgrid.proto.v1.SessionRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The live conversation view: a session's history, then its new messages and replies as they happen, pushed to the
 * page as server-sent events (htmx's SSE extension appends each turn). The stream reads the session's history through
 * the bot platform, as the gRPC front's {@code GetHistory} does, from the turn after the last one sent, every
 * {@link #POLL}; a comment line every {@link #KEEPALIVE} finds a browser that has gone. At most
 * {@value #MAX_STREAMS} streams per node (503 beyond); every stream ends when the console stops.
 */
final class ConversationPages {
    static final Duration POLL = Duration.ofMillis(300);
    static final Duration KEEPALIVE = Duration.ofSeconds(10);
    static final int MAX_STREAMS = 32;
    static final int PAGE = 200;

    private final Supplier<BotsApi> bots;
    private final String node;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Object wake = new Object();
    private volatile boolean closed;

    ConversationPages(Supplier<BotsApi> bots, String node) {
        this.bots = bots;
        this.node = node;
    }

    private BotsApi api() {
        return Futures.service(bots, "the bot platform is");
    }

    void page(Exchange ex, Viewer viewer, String botId) throws IOException {
        SessionRef session = session(ex, botId);
        GetHistoryResponse history = Futures.await(api().history(GetHistoryRequest.newBuilder().setSession(session)
                .setPageSize(PAGE).build()));
        long last = 0;
        StringBuilder turns = new StringBuilder();
        while (true) {
            for (HistoryTurn t : history.getTurnsList()) {
                turns.append(turn(t));
                last = Math.max(last, t.getSeq());
            }
            if (history.getNextPageToken().isEmpty()) {
                break;
            }
            history = Futures.await(api().history(GetHistoryRequest.newBuilder().setSession(session)
                    .setPageSize(PAGE).setPageToken(history.getNextPageToken()).build()));
        }
        String query = "platform=" + Paths.encode(session.getPlatform()) + "&team=" + Paths.encode(session.getTeam())
                + "&conversation=" + Paths.encode(session.getConversation());
        String events = BotPages.botPath(botId) + "/conversation/events?" + query + "&after=" + last;
        String body = "<p>Bot <a href=\"" + BotPages.botPath(botId) + "\">" + Html.esc(botId) + "</a>, session "
                + Html.esc(session.getPlatform() + " " + session.getTeam() + "/" + session.getConversation())
                + ". New messages and replies appear as they happen.</p>"
                + "<div hx-ext=\"sse\" sse-connect=\"" + Html.esc(events) + "\" id=\"live\">"
                + "<ol id=\"turns\" sse-swap=\"turn\" hx-swap=\"beforeend\">" + turns + "</ol></div>";
        ex.html(200, Html.page("Bots: conversation", node, viewer, body));
    }

    /** The event stream of a session's new turns; returns when the browser goes or the console stops. */
    void events(Exchange ex, String botId) throws IOException {
        SessionRef session = session(ex, botId);
        long after;
        try {
            after = Long.parseLong(ex.query("after").isEmpty() ? "0" : ex.query("after"));
        } catch (NumberFormatException e) {
            throw HttpRefusal.badRequest("after must be a sequence number, got '" + ex.query("after") + "'");
        }
        if (after < 0) {
            throw HttpRefusal.badRequest("after must not be negative, got " + after);
        }
        if (!streams.tryAcquire()) {
            throw HttpRefusal.unavailable("this node already serves " + MAX_STREAMS + " live views; try another node");
        }
        try (OutputStream out = ex.eventStream()) {
            out.write(": live\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long lastWrite = System.nanoTime();
            while (!closed) {
                GetHistoryResponse page;
                try {
                    page = api().history(GetHistoryRequest.newBuilder().setSession(session).setPageSize(PAGE)
                            .setPageToken(Long.toString(after + 1)).build()).get(Futures.WAIT.toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    page = GetHistoryResponse.getDefaultInstance(); // the cluster is busy or moving: next poll
                }
                StringBuilder batch = new StringBuilder();
                for (HistoryTurn t : page.getTurnsList()) {
                    batch.append("event: turn\ndata: ").append(turn(t)).append("\n\n");
                    after = Math.max(after, t.getSeq());
                }
                if (batch.length() == 0 && System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
                    batch.append(": keepalive\n\n");
                }
                if (batch.length() > 0) {
                    out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush(); // throws once the browser has gone
                    lastWrite = System.nanoTime();
                }
                if (page.getNextPageToken().isEmpty()) {
                    pause();
                }
            }
        } catch (IOException e) {
            // the browser went away: the view is over
        } finally {
            streams.release();
        }
        ex.finished();
    }

    private void pause() {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** Ends every live view (the console stops). */
    void close() {
        synchronized (wake) {
            closed = true;
            wake.notifyAll();
        }
    }

    private static SessionRef session(Exchange ex, String botId) {
        String conversation = ex.query("conversation");
        if (conversation.isEmpty()) {
            throw HttpRefusal.badRequest("conversation is required (with platform and team) to follow a session");
        }
        String platform = ex.query("platform").isEmpty() ? "grpc" : ex.query("platform");
        String team = ex.query("team").isEmpty() ? "default" : ex.query("team");
        return SessionRef.newBuilder().setBotId(botId).setPlatform(platform).setTeam(team)
                .setConversation(conversation).build();
    }

    /** One turn as a list item on a single line (an SSE data line cannot hold a line break). */
    private static String turn(HistoryTurn t) {
        boolean bot = t.getRole() == HistoryTurn.Role.ROLE_BOT;
        return "<li class=\"" + (bot ? "bot" : "user") + "\" data-seq=\"" + t.getSeq() + "\"><span class=\"who\">"
                + (bot ? "bot" : Html.esc(t.getUserId().isEmpty() ? "user" : t.getUserId())) + "</span> <span "
                + "class=\"text\">" + Html.esc(t.getText()) + "</span> <time>" + Html.time(t.getAt()) + "</time></li>";
    }
}

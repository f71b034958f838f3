package io.botgrid.console.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.cluster.ClusterAdmin;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Actor lookup: where an actor lives (owner and backups, from the cluster admin port, as the gRPC front's
 * {@code GetPlacement}) and its last events (from the journal reader, as {@code FollowEvents} reads them).
 */
final class ActorPages {
    static final int LAST_EVENTS = 10;

    private final ClusterAdmin cluster;
    private final JournalReader journal;
    private final String node;

    ActorPages(ClusterAdmin cluster, JournalReader journal, String node) {
        this.cluster = cluster;
        this.journal = journal;
        this.node = node;
    }

    void page(Exchange ex, Viewer viewer) throws IOException {
        String type = ex.query("type").strip();
        String key = ex.query("key");
        StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/console/actors\" class=\"lookup\">"
                + "<label>Type <input name=\"type\" id=\"actor-type\" value=\"" + Html.esc(type) + "\"></label>"
                + "<label>Key <input name=\"key\" id=\"actor-key\" value=\"" + Html.esc(key) + "\"></label>"
                + "<button id=\"lookup\">Look up</button></form>");
        if (!type.isEmpty() || !key.isEmpty()) {
            b.append(lookup(actorId(type, key)));
        }
        ex.html(200, Html.page("Actors", node, viewer, b.toString()));
    }

    private static ActorId actorId(String type, String key) {
        try {
            return ActorId.of(type, key);
        } catch (RuntimeException e) {
            throw Futures.refusal(e);
        }
    }

    private String lookup(ActorId id) {
        List<String> placement;
        try {
            placement = cluster.placement(id);
        } catch (RuntimeException e) {
            throw Futures.refusal(e);
        }
        StringBuilder b = new StringBuilder("<section id=\"placement\"><h2>").append(Html.esc(id.type())).append('/')
                .append(Html.esc(id.key())).append("</h2>");
        if (placement.isEmpty()) {
            b.append("<p>No node holds this actor's partition now.</p>");
        } else {
            b.append("<dl><dt>Owner</dt><dd id=\"owner\">").append(Html.esc(placement.get(0))).append("</dd>")
                    .append("<dt>Backups</dt><dd id=\"backups\">")
                    .append(Html.esc(String.join(", ", placement.subList(1, placement.size())))).append("</dd>")
                    .append("<dt>Owned by this node</dt><dd>").append(cluster.ownsHere(id) ? "yes" : "no")
                    .append("</dd></dl>");
        }
        b.append("</section><section><h2>Last events</h2>");
        List<JournalEntry> events;
        try {
            long last = journal.lastSeq(id);
            events = last < 1 ? List.of() : journal.read(id, Math.max(1, last - LAST_EVENTS + 1), LAST_EVENTS);
        } catch (RuntimeException e) {
            throw Futures.refusal(e);
        }
        if (events.isEmpty()) {
            b.append("<p id=\"no-events\">No events.</p>");
        } else {
            b.append("<table id=\"events\"><thead><tr><th>Seq</th><th>At</th><th>Event</th></tr></thead><tbody>");
            for (JournalEntry e : events) {
                b.append("<tr><td>").append(e.seq()).append("</td><td>")
                        .append(Html.time(Instant.ofEpochMilli(e.timestampMillis()))).append("</td><td>")
                        .append(Html.esc(describe(e))).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.append("</section>").toString();
    }

    /** An event's type when it is a packed message, else its size: events may hold anything an actor wrote. */
    private static String describe(JournalEntry e) {
        try {
            Any any = Any.parseFrom(e.event());
            if (!any.getTypeUrl().isEmpty()) {
                return any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1) + " (" + e.event().size()
                        + " bytes)";
            }
        } catch (InvalidProtocolBufferException ignored) {
            // not an Any: the size says what there is to say
        }
        return e.event().size() + " bytes";
    }
}

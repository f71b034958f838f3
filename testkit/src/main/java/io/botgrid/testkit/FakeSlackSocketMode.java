package io.botgrid.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Slack's Socket Mode, server side, on 127.0.0.1: the WebSocket URLs that {@code apps.connections.open} hands out
 * (one-time tickets), the {@code hello} sent on each new connection, {@code events_api} envelopes pushed to the newest
 * connection, the acknowledgements the app sends back, {@code disconnect} requests, abrupt drops, and Slack's
 * redelivery of envelopes that were not acknowledged before their connection ended (on the next connection, with
 * {@code retry_attempt} + 1). Obtained from {@link FakeSlack#socketMode()}; thread-safe.
 */
public final class FakeSlackSocketMode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final int port;
    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextTicket = new AtomicInteger();
    private final AtomicInteger nextEnvelope = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    /** Envelopes sent and not acknowledged yet, by id: their JSON. Guarded by this. */
    private final Map<String, ObjectNode> unacked = new LinkedHashMap<>();
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    private volatile Consumer<String> onAck = id -> { };

    private FakeSlackSocketMode(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static FakeSlackSocketMode start() {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("fake-slack-socket");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        FakeSlackSocketMode[] self = new FakeSlackSocketMode[1];
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/link/",
                (request, response, callback) -> {
                    String ticket = request.getHttpURI().getQuery();
                    if (ticket == null || !self[0].tickets.remove(ticket)) {
                        response.setStatus(403); // a URL is good for one connection, as Slack's are
                        callback.succeeded();
                        return null;
                    }
                    return self[0].new Link();
                })));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake Slack Socket Mode server", e);
        }
        self[0] = new FakeSlackSocketMode(server, connector.getLocalPort());
        return self[0];
    }

    /** A one-time WebSocket URL, as {@code apps.connections.open} returns. */
    URI newConnectionUrl() {
        String ticket = "ticket=" + nextTicket.incrementAndGet();
        tickets.add(ticket);
        return URI.create("ws://127.0.0.1:" + port + "/link/?" + ticket);
    }

    /** WebSocket connections accepted so far (each was greeted with {@code hello}). */
    public int connectionsAccepted() {
        return opened.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return (int) links.stream().filter(l -> l.session != null && l.session.isOpen()).count();
    }

    /** Envelope ids acknowledged by the app, in order (a redelivered envelope acknowledged twice appears twice). */
    public List<String> acks() {
        return List.copyOf(acks);
    }

    /** How many times the envelope was sent (redeliveries included). */
    public int deliveries(String envelopeId) {
        return deliveries.getOrDefault(envelopeId, 0);
    }

    /** Runs {@code hook} with the envelope id of each acknowledgement, on the server's thread, before recording it. */
    public void onAck(Consumer<String> hook) {
        onAck = hook;
    }

    /**
     * Pushes a message event to the newest open connection as an {@code events_api} envelope.
     *
     * @return the envelope id
     * @throws IllegalStateException when no connection is open
     */
    public String sendMessageEvent(FakeSlack.MessageEventSpec spec) {
        Link link = newest();
        String envelopeId = "env-" + nextEnvelope.incrementAndGet();
        ObjectNode envelope = JSON.createObjectNode().put("envelope_id", envelopeId).put("type", "events_api")
                .put("accepts_response_payload", false).put("retry_attempt", 0).put("retry_reason", "");
        try {
            envelope.set("payload", JSON.readTree(FakeSlackEvents.messageEventJson(spec)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            unacked.put(envelopeId, envelope);
        }
        link.send(envelope);
        return envelopeId;
    }

    /** Sends {@code {"type":"disconnect","reason":reason}} on the newest open connection (Slack's refresh). */
    public void requestDisconnect(String reason) {
        ObjectNode message = JSON.createObjectNode().put("type", "disconnect").put("reason", reason);
        message.putObject("debug_info").put("host", "fake-slack");
        newest().send(message);
    }

    /** Drops every open connection abruptly, as a network failure would (no close handshake). */
    public void dropConnections() {
        for (Link l : links) {
            Session s = l.session;
            if (s != null) {
                s.disconnect();
            }
        }
    }

    private Link newest() {
        List<Link> open = new ArrayList<>();
        for (Link l : links) {
            if (l.session != null && l.session.isOpen()) {
                open.add(l);
            }
        }
        if (open.isEmpty()) {
            throw new IllegalStateException("no Socket Mode connection is open");
        }
        return open.get(open.size() - 1);
    }

    private void acknowledged(String envelopeId) {
        onAck.accept(envelopeId);
        synchronized (this) {
            unacked.remove(envelopeId);
        }
        acks.add(envelopeId);
    }

    /** Envelopes not acknowledged when their connection ended go out again on the next connection. */
    private void redeliverTo(Link link) {
        List<ObjectNode> again;
        synchronized (this) {
            again = new ArrayList<>(unacked.values());
        }
        for (ObjectNode e : again) {
            ObjectNode copy = e.deepCopy().put("retry_attempt", e.path("retry_attempt").asInt() + 1)
                    .put("retry_reason", "timeout");
            link.send(copy);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the fake Slack Socket Mode server", e);
        }
    }

    /** One app connection, on the server side. Public only because Jetty calls its listener methods reflectively. */
    public final class Link implements Session.Listener.AutoDemanding {
        volatile Session session;

        Link() {
        }
        private final Set<String> sentHere = ConcurrentHashMap.newKeySet();

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            links.add(this);
            opened.incrementAndGet();
            ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("num_connections", openConnections());
            hello.putObject("connection_info").put("app_id", "A0FAKE");
            send(hello);
            redeliverTo(this);
        }

        @Override
        public void onWebSocketText(String text) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (IOException e) {
                return;
            }
            String id = root.path("envelope_id").asText("");
            if (!id.isEmpty() && sentHere.contains(id)) {
                acknowledged(id); // an ack counts only on the connection the envelope went out on, as at Slack
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            links.remove(this);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            links.remove(this);
        }

        void send(ObjectNode message) {
            String id = message.path("envelope_id").asText("");
            if (!id.isEmpty()) {
                sentHere.add(id);
                deliveries.merge(id, 1, Integer::sum);
            }
            try {
                session.sendText(JSON.writeValueAsString(message), Callback.NOOP);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

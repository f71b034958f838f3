package io.botgrid.channels.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Reading and answering JDK HTTP server exchanges the way every route of the endpoint needs: bodies read with a hard
 * size limit (a callback URL is public, so nobody may make a node buffer gigabytes), answers always JSON.
 */
final class Exchanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many bytes beyond the limit are read and discarded, so the client reliably sees the 413. */
    private static final long DRAIN_FACTOR = 4;

    private Exchanges() {
    }

    /**
     * The request body, or empty when it is larger than {@code maxBytes}. An oversized body is drained up to a bound
     * so that the client, still sending, reads the answer instead of a reset connection.
     */
    static Optional<byte[]> readBody(HttpExchange exchange, int maxBytes) throws IOException {
        long declared = declaredLength(exchange);
        InputStream in = exchange.getRequestBody();
        if (declared > maxBytes) {
            if (declared <= maxBytes * DRAIN_FACTOR) {
                discard(in, declared);
            }
            return Optional.empty();
        }
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            discard(in, maxBytes * DRAIN_FACTOR);
            return Optional.empty();
        }
        return Optional.of(body);
    }

    private static void discard(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long left = limit;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    private static long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Answers with {@code status} and a JSON object body. */
    static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package io.botgrid.workers.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One item a worker receives or emits: opaque bytes, an optional key and string headers.
 *
 * <p>Why these three: the payload is bytes so any encoding (JSON, Protobuf, text) passes through unchanged and the
 * node never parses user data; the key is what a chain stage that asks for per-key ordering routes on (items with
 * the same key are handled in the order they entered the stage; items without a key have no ordering promise across
 * instances); headers carry small metadata (content type, trace ids) without a wrapper format. Outputs keep or drop
 * the input's key as the function chooses ({@link #withPayload} keeps it).
 *
 * <p>Immutable: the constructor copies the payload and headers, {@link #payload()} returns a copy. Code on a hot path
 * reads {@link #size()} or {@link #text()} instead. Equality is by value (bytes, key and headers).
 *
 * @param payload the bytes (copied; never null, may be empty)
 * @param key the ordering key, or null for none (never blank)
 * @param headers string metadata (copied, insertion order kept; never null)
 */
public record WorkerMessage(byte[] payload, String key, Map<String, String> headers) {
    private static final Map<String, String> NO_HEADERS = Map.of();

    public WorkerMessage {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        if (key != null && key.isBlank()) {
            throw new IllegalArgumentException("a message key is null (none) or non-blank, got a blank key");
        }
        payload = payload.clone();
        headers = headers.isEmpty() ? NO_HEADERS : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headers.forEach((k, v) -> {
            Objects.requireNonNull(k, "header name");
            Objects.requireNonNull(v, "header value of " + k);
        });
    }

    /** A message of these bytes, without key or headers. */
    public static WorkerMessage of(byte[] payload) {
        return new WorkerMessage(payload, null, NO_HEADERS);
    }

    /** A message of this text (UTF-8), without key or headers. */
    public static WorkerMessage of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A message of this text (UTF-8) with an ordering key. */
    public static WorkerMessage keyed(String key, String text) {
        return new WorkerMessage(text.getBytes(StandardCharsets.UTF_8), Objects.requireNonNull(key, "key"), NO_HEADERS);
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Payload length in bytes. */
    public int size() {
        return payload.length;
    }

    /** The key, if any. */
    public Optional<String> keyIfAny() {
        return Optional.ofNullable(key);
    }

    /** Bytes this message weighs against a size limit: payload plus header names and values (UTF-16 length × 2). */
    public long weight() {
        long w = payload.length + (key == null ? 0 : 2L * key.length());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            w += 2L * (h.getKey().length() + h.getValue().length());
        }
        return w;
    }

    /** The same key and headers with another payload. */
    public WorkerMessage withPayload(byte[] other) {
        return new WorkerMessage(other, key, headers);
    }

    /** The same key and headers with a text payload (UTF-8). */
    public WorkerMessage withText(String text) {
        return withPayload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same payload and headers with another key (null: none). */
    public WorkerMessage withKey(String other) {
        return new WorkerMessage(payload, other, headers);
    }

    /** The same message with one more (or replaced) header. */
    public WorkerMessage withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WorkerMessage(payload, key, h);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerMessage m && Arrays.equals(payload, m.payload) && Objects.equals(key, m.key)
                && headers.equals(m.headers);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(payload) + Objects.hashCode(key)) + headers.hashCode();
    }

    @Override
    public String toString() {
        return "WorkerMessage[" + payload.length + " bytes" + (key == null ? "" : ", key=" + key)
                + (headers.isEmpty() ? "" : ", headers=" + headers) + "]";
    }
}

package io.botgrid.channels.internal;

import io.botgrid.channels.InboundMessage;
import java.util.Map;
import java.util.Objects;

/**
 * What a platform protocol makes of an authenticated-or-not request: either an answer it gives itself (a rejection,
 * a handshake, an acknowledged event of no interest) or a message to hand to the bots core. Keeping the protocols to
 * this decision leaves status codes for storage outcomes, timeouts and the response writing in one place.
 */
public sealed interface IngressDecision {

    /**
     * Answer the request directly.
     *
     * @param status HTTP status
     * @param body JSON object fields of the response body
     * @param retryAfterSeconds the {@code Retry-After} header to send, 0 for none
     */
    record Answer(int status, Map<String, Object> body, long retryAfterSeconds) implements IngressDecision {
        /** Copies the body. */
        public Answer {
            body = Map.copyOf(body);
        }

        /** An answer without {@code Retry-After}. */
        public Answer(int status, Map<String, Object> body) {
            this(status, body, 0);
        }

        /** 429 with {@code Retry-After: seconds} and {@code {"error": reason, "retryAfterSeconds": seconds}}. */
        public static Answer rateLimited(long seconds, String reason) {
            return new Answer(429, Map.of("error", reason, "retryAfterSeconds", seconds), seconds);
        }

        /** An error answer, {@code {"error": reason}}. */
        public static Answer error(int status, String reason) {
            return new Answer(status, Map.of("error", reason));
        }

        /** A plain acknowledgement, {@code {"ok": true}}. */
        public static Answer ok() {
            return new Answer(200, Map.of("ok", true));
        }
    }

    /**
     * Store the message; answer 200 once it is stored, 503 if that fails or takes too long.
     *
     * @param message the normalised message
     */
    record Accept(InboundMessage message) implements IngressDecision {
        /** Requires the message. */
        public Accept {
            Objects.requireNonNull(message, "message");
        }
    }
}

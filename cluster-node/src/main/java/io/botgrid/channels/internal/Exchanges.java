package io.botgrid.channels.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answering requests the way every route of the endpoint does: always a JSON object, written without blocking. */
final class Exchanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    /** Answers with {@code status} and a JSON object body, completing {@code callback} once written. */
    static void respond(Response response, Callback callback, int status, Map<String, Object> body) {
        write(response, callback, status, body, false);
    }

    /**
     * Answers like {@link #respond} and closes the connection afterwards: for requests whose body is not (fully) read,
     * so that the rest of it is never waited for.
     */
    static void respondAndClose(Response response, Callback callback, int status, Map<String, Object> body) {
        write(response, callback, status, body, true);
    }

    private static void write(Response response, Callback callback, int status, Map<String, Object> body,
                              boolean close) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e); // cannot happen for maps of strings, numbers and booleans
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}

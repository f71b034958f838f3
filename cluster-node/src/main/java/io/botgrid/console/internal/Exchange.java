package io.botgrid.console.internal;

import io.botgrid.bots.plugins.PluginCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its response, on a thread that may block (the console's pages wait on the cluster): query and form
 * fields (bounded, strictly decoded: a malformed escape is a 400), the session cookie, the origin check and writing.
 * A {@code multipart/form-data} form (a file upload) is accepted only where the router allows it, bounded by the
 * plugin jar limit; elsewhere it is a 415, so no other page reads a body that large.
 */
final class Exchange {
    /** The largest form accepted; a bot's handler settings fit many times over. */
    static final int MAX_FORM_BYTES = 64 * 1024;
    /** The largest upload form: a plugin jar at the catalog's limit plus the form's other fields. */
    static final int MAX_UPLOAD_BYTES = PluginCatalog.MAX_JAR_BYTES + MAX_FORM_BYTES;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private Map<String, String> query;
    private Map<String, String> form;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private boolean uploads;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        String p = request.getHttpURI().getPath();
        return p == null ? "" : p;
    }

    boolean secure() {
        return request.isSecure();
    }

    String remote() {
        return Request.getRemoteAddr(request);
    }

    Response response() {
        return response;
    }

    /** A query parameter, or empty. */
    String query(String name) {
        if (query == null) {
            query = parse(request.getHttpURI().getQuery());
        }
        return query.getOrDefault(name, "");
    }

    /** Lets this request's form be {@code multipart/form-data} of up to {@link #MAX_UPLOAD_BYTES} (a file upload). */
    void acceptUploads() {
        uploads = true;
    }

    /** A field of the form body (url-encoded, or multipart where uploads are accepted), or empty. */
    String form(String name) throws IOException {
        if (form == null) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (uploads && lower.startsWith("multipart/form-data")) {
                form = new LinkedHashMap<>();
                parseMultipart(type, readBody(MAX_UPLOAD_BYTES));
            } else if (type != null && !lower.startsWith("application/x-www-form-urlencoded")) {
                throw new HttpRefusal(415, "INVALID_ARGUMENT", uploads
                        ? "an upload must be multipart/form-data (or application/x-www-form-urlencoded without a file)"
                        : "a form must be application/x-www-form-urlencoded");
            } else {
                form = parse(new String(readBody(MAX_FORM_BYTES), StandardCharsets.UTF_8));
            }
        }
        return form.getOrDefault(name, "");
    }

    /** A file of the multipart form body, if one was sent under that name (read {@link #form} first). */
    Optional<byte[]> file(String name) throws IOException {
        form("csrf");
        return Optional.ofNullable(files.get(name));
    }

    private byte[] readBody(int limit) throws IOException {
        long length = request.getLength();
        if (length > limit) {
            throw new HttpRefusal(413, "INVALID_ARGUMENT", "the form is " + length + " bytes; at most " + limit
                    + " are accepted");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new HttpRefusal(413, "INVALID_ARGUMENT", "the form is larger than " + limit + " bytes");
            }
            return body;
        }
    }

    /** Parses a body already read (and so bounded) with Jetty's parser; every part is held in memory. */
    private void parseMultipart(String type, byte[] body) {
        MultiPartConfig config = new MultiPartConfig.Builder().maxParts(16).maxSize(MAX_UPLOAD_BYTES)
                .maxPartSize(MAX_UPLOAD_BYTES).maxMemoryPartSize(MAX_UPLOAD_BYTES).build();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(new ByteBufferContentSource(ByteBuffer.wrap(body)), request, type,
                    config);
        } catch (RuntimeException e) {
            throw HttpRefusal.badRequest("the upload is not a well-formed multipart/form-data form: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        try (parts) {
            for (MultiPart.Part part : parts) {
                String name = part.getName();
                if (name == null) {
                    continue;
                }
                if (part.getFileName() != null) {
                    try (InputStream in = Content.Source.asInputStream(part.createContentSource())) {
                        files.putIfAbsent(name, in.readAllBytes());
                    } catch (IOException e) {
                        throw HttpRefusal.badRequest("the upload's file " + name + " could not be read: "
                                + e.getMessage());
                    }
                } else {
                    form.putIfAbsent(name, part.getContentAsString(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpRefusal.badRequest("a parameter is not well url-encoded: " + e.getMessage());
        }
    }

    /** The session cookie's value, or empty. */
    Optional<String> sessionCookie() {
        for (var cookie : Request.getCookies(request)) {
            if (Sessions.COOKIE.equals(cookie.getName())) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the request comes from the console's own pages: its {@code Origin} (or, without one, its
     * {@code Referer}) names the scheme, host and port the request was sent to. A cross-site form post fails here
     * even before its CSRF token is checked.
     */
    boolean sameOrigin() {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            return false;
        }
        String expected = (secure() ? "https://" : "http://") + host.toLowerCase(Locale.ROOT);
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            return origin.toLowerCase(Locale.ROOT).equals(expected);
        }
        String referer = request.getHeaders().get(HttpHeader.REFERER);
        if (referer == null) {
            return false;
        }
        try {
            URI uri = URI.create(referer);
            String authority = uri.getRawAuthority();
            return authority != null && (uri.getScheme() + "://" + authority).toLowerCase(Locale.ROOT)
                    .equals(expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void setCookie(String value) {
        response.getHeaders().add(HttpHeader.SET_COOKIE, value);
    }

    void html(int status, String body) throws IOException {
        send(status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            if (!"HEAD".equals(method())) {
                out.write(body);
            }
        }
        callback.succeeded();
    }

    /** 303 See Other: after a change, the browser loads the result with a GET. */
    void redirect(String location) {
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }

    /** A stream the caller writes server-sent events to; closing it ends the response. */
    OutputStream eventStream() {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return Content.Sink.asOutputStream(response);
    }

    void finished() {
        callback.succeeded();
    }

    void failed(Throwable t) {
        callback.failed(t);
    }
}

package io.botgrid.console.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encoding of values in links and decoding of path segments. */
final class Paths {
    private Paths() {
    }

    /** A value as a query parameter or path segment. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A raw path segment, percent-decoded; a malformed escape is a 400. */
    static String decodeSegment(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpRefusal.badRequest("the path is not well url-encoded: " + e.getMessage());
        }
    }
}

package io.botgrid.console.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Escaping and the page frame. Every value that comes from a request, a bot or the cluster goes through
 * {@link #esc}; pages carry no inline script or style, so the Content-Security-Policy can forbid both.
 */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Text safe in element content and in quoted attribute values. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n', '\r' -> b.append("&#10;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String time(Instant at) {
        return at == null || at.equals(Instant.EPOCH) ? "" : TIME.format(at) + "Z";
    }

    static String time(com.google.protobuf.Timestamp at) {
        return at == null || at.getSeconds() == 0 ? "" : time(Instant.ofEpochSecond(at.getSeconds(), at.getNanos()));
    }

    /**
     * A whole page: the navigation, who is signed in (with a sign-out button carrying the CSRF token) and the body.
     */
    static String page(String title, String node, Viewer viewer, String body) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,")
                .append("\"allowEval\":false,\"allowScriptTags\":false}'>")
                .append("<title>").append(esc(title)).append(" · Botgrid ").append(esc(node)).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">")
                .append("<script src=\"/console/static/htmx.min.js\"></script>")
                .append("<script src=\"/console/static/sse.js\"></script>")
                .append("</head><body><header><strong>Botgrid</strong> <span class=\"node\">node ")
                .append(esc(node)).append("</span><nav>");
        if (viewer != null) {
            for (String[] link : new String[][] {{"cluster", "Cluster"}, {"actors", "Actors"}, {"bots", "Bots"},
                    {"workers", "Workers &amp; chains"}, {"plugins", "Plugins"}}) {
                b.append("<a href=\"/console/").append(link[0]).append("\"")
                        .append(title.toLowerCase(java.util.Locale.ROOT).startsWith(link[0]) ? " class=\"here\"" : "")
                        .append(">").append(link[1]).append("</a>");
            }
        }
        b.append("</nav>");
        if (viewer != null) {
            b.append("<span class=\"who\" id=\"who\">").append(esc(viewer.name())).append(" (")
                    .append(esc(viewer.role().label())).append(")</span>");
            if (viewer.signedIn()) {
                b.append("<form method=\"post\" action=\"/console/signout\" class=\"inline\">")
                        .append(csrf(viewer)).append("<button id=\"signout\">Sign out</button></form>");
            }
        }
        b.append("</header>");
        if (viewer != null && !viewer.signedIn()) {
            b.append("<p class=\"warn\" id=\"open-console\">This node has no API keys and no JWT secret: the console, ")
                    .append("like the gRPC front, lets anyone who reaches its port in as admin. See docs/console.md.</p>");
        }
        b.append("<main><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>");
        return b.toString();
    }

    /** The hidden field every form that changes something carries. */
    static String csrf(Viewer viewer) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(viewer.csrfToken()) + "\">";
    }

    /** The page shown for a refusal: the status and the reason. */
    static String refusal(int status, String message, String node, Viewer viewer) {
        return page("Error " + status, node, viewer, "<p class=\"error\" id=\"error\">" + esc(message) + "</p>");
    }
}

package io.botgrid.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's static files, read once from the class path: htmx and its SSE extension from their WebJars (no Node
 * build step, the versions are Maven's), and the style sheet from the console's own resources.
 */
final class Assets {
    private record Asset(String type, byte[] body) {
    }

    private final Map<String, Asset> assets;

    Assets() {
        assets = Map.of(
                "htmx.min.js", load(webjar("htmx.org") + "/dist/htmx.min.js", "text/javascript"),
                "sse.js", load(webjar("htmx-ext-sse") + "/sse.js", "text/javascript"),
                "console.css", load("io/botgrid/console/console.css", "text/css"));
    }

    /** The folder of a WebJar's files, at the version on the class path (read from its Maven properties). */
    private static String webjar(String artifact) {
        String properties = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + artifact + " is not on the class path");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset load(String resource, String type) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's asset " + resource + " is not on the class path");
            }
            return new Asset(type + "; charset=utf-8", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code /console/static/<name>}; false when there is no such asset. */
    boolean serve(Exchange ex, String name) throws IOException {
        Asset a = assets.get(name);
        if (a == null) {
            return false;
        }
        ex.response().getHeaders().put("Cache-Control", "max-age=3600");
        ex.send(200, a.type(), a.body());
        return true;
    }
}

package io.botgrid.console.internal;

import io.botgrid.bots.plugins.PluginCatalog;
import io.botgrid.bots.plugins.PluginCatalogException;
import io.botgrid.bots.plugins.PluginInfo;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The handler plugins deployed to the cluster: the stored versions as this node sees them (the list the gRPC
 * {@code ListPlugins} gives), and for an admin an upload form (multipart, the jar bounded by the catalog's limit)
 * and a remove button per version. Every call goes to the node's {@link PluginCatalog}, the port behind the gRPC
 * {@code PluginService}, so the checks and their messages are the same: a bad name, version, checksum or jar is a
 * 400, a version stored already a 409, an unknown one a 404, plugins not started yet a 503.
 */
final class PluginPages {
    private final Supplier<PluginCatalog> plugins;
    private final String node;

    PluginPages(Supplier<PluginCatalog> plugins, String node) {
        this.plugins = plugins;
        this.node = node;
    }

    void list(Exchange ex, Viewer viewer) throws IOException {
        List<PluginInfo> versions = call(() -> catalog().list(""));
        StringBuilder b = new StringBuilder("<table id=\"plugins\"><thead><tr><th>Name</th><th>Version</th>")
                .append("<th>State here</th><th>SHA-256</th><th>Size</th><th>Uploaded by</th><th>Uploaded</th>")
                .append("<th>Handler class</th>").append(viewer.mayChange() ? "<th></th>" : "")
                .append("</tr></thead><tbody>");
        for (PluginInfo p : versions) {
            String ref = p.name() + "@" + p.version();
            b.append("<tr data-plugin=\"").append(Html.esc(ref)).append("\"><td>").append(Html.esc(p.name()))
                    .append("</td><td>").append(Html.esc(p.version())).append(p.latest() ? " <em>latest</em>" : "")
                    .append("</td><td class=\"state\">").append(p.state().name().toLowerCase(Locale.ROOT));
            if (!p.failure().isEmpty()) {
                b.append(": <span class=\"failure\">").append(Html.esc(p.failure())).append("</span>");
            }
            b.append("</td><td class=\"sha\"><code>").append(Html.esc(p.sha256())).append("</code></td><td>")
                    .append(p.sizeBytes()).append(" B</td><td>").append(Html.esc(p.uploadedBy())).append("</td><td>")
                    .append(Html.time(p.uploadedAt())).append("</td><td class=\"handler-class\">")
                    .append(Html.esc(p.handlerClass()))
                    .append("</td>");
            if (viewer.mayChange()) {
                b.append("<td><form method=\"post\" action=\"/console/plugins/").append(Paths.encode(p.name()))
                        .append('/').append(Paths.encode(p.version())).append("/remove\" class=\"inline\">")
                        .append(Html.csrf(viewer)).append("<button class=\"remove\">Remove</button></form></td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        if (versions.isEmpty()) {
            b.append("<p id=\"no-plugins\">No plugin is deployed.</p>");
        }
        if (viewer.mayChange()) {
            b.append("<h2>Upload a version</h2><form method=\"post\" action=\"/console/plugins\" id=\"upload-plugin\" ")
                    .append("class=\"edit\" enctype=\"multipart/form-data\">").append(Html.csrf(viewer))
                    .append("<label>Name <input name=\"name\" id=\"plugin-name\" required ")
                    .append("placeholder=\"[a-z0-9-]{1,64}\"></label>")
                    .append("<label>Version <input name=\"version\" id=\"plugin-version\" required></label>")
                    .append("<label>SHA-256 (optional: checked when given) <input name=\"sha256\" ")
                    .append("id=\"plugin-sha256\"></label>")
                    .append("<label>Jar (at most ").append(PluginCatalog.MAX_JAR_BYTES / (1024 * 1024))
                    .append(" MiB) <input type=\"file\" name=\"jar\" id=\"plugin-jar\" accept=\".jar\" required>")
                    .append("</label><button id=\"upload\">Upload</button></form>");
        }
        ex.html(200, Html.page("Plugins", node, viewer, b.toString()));
    }

    /** Uploads a version; returns {@code <name>@<version>} for the audit log, as the gRPC front records it. */
    String upload(Exchange ex, Viewer viewer) throws IOException {
        String name = ex.form("name").strip();
        String version = ex.form("version").strip();
        byte[] jar = ex.file("jar").orElseThrow(() -> HttpRefusal.badRequest("plugin " + name + "@" + version
                + ": no jar: choose the plugin's jar file (form field jar, multipart/form-data)"));
        String sha256 = ex.form("sha256").strip();
        call(() -> catalog().upload(name, version, jar, sha256, viewer.name()));
        ex.redirect("/console/plugins");
        return name + "@" + version;
    }

    void remove(Exchange ex, String name, String version) {
        call(() -> {
            catalog().remove(name, version);
            return null;
        });
        ex.redirect("/console/plugins");
    }

    private PluginCatalog catalog() {
        return Futures.service(plugins, "the deployed plugins are");
    }

    /** Runs a catalog call (it blocks on the cluster) and turns its refusals into the HTTP ones. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (PluginCatalogException e) {
            throw switch (e.reason()) {
                case INVALID -> HttpRefusal.badRequest(e.getMessage());
                case EXISTS -> new HttpRefusal(409, "ALREADY_EXISTS", e.getMessage());
                case NOT_FOUND -> HttpRefusal.notFound(e.getMessage());
            };
        } catch (HttpRefusal e) {
            throw e;
        } catch (RuntimeException e) {
            throw Futures.refusal(e);
        }
    }
}

package io.botgrid.it.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain HTTP calls to a console, for what a browser never sends (no CSRF token, a foreign Origin, malformed input)
 * and for reading headers. Never follows redirects, so a 303 is seen as such.
 */
final class ConsoleHttp {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String origin;

    /** @param origin {@code http://127.0.0.1:port} */
    ConsoleHttp(String origin) {
        this.origin = origin;
    }

    HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String cookie, String form, String originHeader)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (originHeader != null) {
            b.header("Origin", originHeader);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A {@code multipart/form-data} POST, as a browser sends a file upload: the text fields, then (when
     * {@code fileName} is not null) the file under the field {@code jar}.
     */
    HttpResponse<String> postMultipart(String path, String cookie, Map<String, String> fields, String fileName,
                                       byte[] file, String originHeader) throws IOException, InterruptedException {
        String boundary = "----botgrid" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (fileName != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jar\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (originHeader != null) {
            b.header("Origin", originHeader);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in; returns the cookie to send ({@code botgrid_console=<id>}). */
    String signIn(String token) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/console/signin", null, "token=" + token, origin);
        if (r.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + r.statusCode() + ": " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The CSRF token of the session, read from a page's forms. */
    String csrf(String cookie) throws IOException, InterruptedException {
        Matcher m = CSRF.matcher(get("/console/cluster", cookie).body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the cluster page");
        }
        return m.group(1);
    }
}

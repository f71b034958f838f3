package io.botgrid.it.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange on a connection of its own ({@code Connection: close}), for tests that send many requests in
 * a row and judge every answer.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its HTTP/1.1 connection pool has a race when it takes an idle
 * connection for the next request (JDK-8336655, fixed in JDK 24): the answer can reach the pool's idle-connection
 * watcher instead of the exchange, which then fails with "header parser received no bytes"; on a busy machine the fuzz
 * test also got answers that belonged to the request before on the same connection. With 1,500 requests per run that
 * made the live fuzz test flaky, while the endpoint answered every request exactly once (1.1 million exchanges
 * checked with raw sockets, on fresh and on kept-alive connections). A connection per request has no pool to race.
 */
final class RawHttp {
    /** The status and the body of an answer. */
    record Answer(int status, String body) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method path} with {@code headers} and {@code body} (none when null) to {@code 127.0.0.1:port} and
     * reads the whole answer.
     *
     * @throws IOException when the connection fails before a complete status line arrived
     */
    static Answer exchange(int port, String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before taking a body it refuses: its answer is still to be read
            }
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        try {
            while ((n = in.read(chunk)) != -1) {
                all.write(chunk, 0, n);
            }
        } catch (java.net.SocketException e) {
            if (all.size() == 0) {
                throw e;
            }
            // reset after the answer was sent: what arrived is the answer
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12 || end < 0) {
            throw new IOException("no complete answer: " + text.substring(0, Math.min(text.length(), 80)));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int length = contentLength(text.substring(0, end));
        byte[] raw = all.toByteArray();
        int from = end + 4;
        int to = length < 0 ? raw.length : Math.min(raw.length, from + length);
        return new Answer(status, new String(raw, from, to - from, StandardCharsets.UTF_8));
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }
}

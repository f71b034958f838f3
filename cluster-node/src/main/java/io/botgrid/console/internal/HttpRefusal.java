package io.botgrid.console.internal;

/**
 * A request the console refuses, with the HTTP status, the reason shown to the user (never a stack trace) and the
 * result recorded in the audit log, in the gRPC front's vocabulary ({@code INVALID_ARGUMENT}, {@code NOT_FOUND}, ...).
 */
final class HttpRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String result;

    HttpRefusal(int status, String result, String message) {
        super(message, null, false, false);
        this.status = status;
        this.result = result;
    }

    static HttpRefusal badRequest(String message) {
        return new HttpRefusal(400, "INVALID_ARGUMENT", message);
    }

    static HttpRefusal unauthenticated(String message) {
        return new HttpRefusal(401, "UNAUTHENTICATED", message);
    }

    static HttpRefusal forbidden(String message) {
        return new HttpRefusal(403, "PERMISSION_DENIED", message);
    }

    static HttpRefusal notFound(String message) {
        return new HttpRefusal(404, "NOT_FOUND", message);
    }

    static HttpRefusal unavailable(String message) {
        return new HttpRefusal(503, "UNAVAILABLE", message);
    }

    int status() {
        return status;
    }

    String result() {
        return result;
    }
}

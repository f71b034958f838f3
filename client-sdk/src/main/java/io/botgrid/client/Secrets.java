package io.botgrid.client;

/** Masks secrets in text meant for people (logs, {@code toString}), the way the server masks them. */
final class Secrets {
    private Secrets() {
    }

    static String mask(String secret) {
        if (secret == null) {
            return "null";
        }
        return secret.length() <= 8 ? "…" : "…" + secret.substring(secret.length() - 4);
    }
}

package io.botgrid.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a list of {@link HealthCheck}s at one moment: healthy when every check holds.
 *
 * @param checks each check's name and, when it failed, the reason
 */
public record HealthReport(List<Result> checks) {
    /** One check's outcome; {@code reason} is null when it holds. */
    public record Result(String name, String reason) {
        public boolean ok() {
            return reason == null;
        }
    }

    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** Evaluates every check, in order (all of them, so that the answer lists every failing one). */
    public static HealthReport of(List<HealthCheck> checks) {
        List<Result> out = new ArrayList<>(checks.size());
        for (HealthCheck c : checks) {
            Optional<String> failure = c.failure();
            out.add(new Result(c.name(), failure.orElse(null)));
        }
        return new HealthReport(out);
    }

    public boolean healthy() {
        return checks.stream().allMatch(Result::ok);
    }

    /** The reasons of the failing checks, "name: reason", in check order. */
    public List<String> failures() {
        return checks.stream().filter(r -> !r.ok()).map(r -> r.name() + ": " + r.reason()).toList();
    }

    /**
     * The JSON answer of a health endpoint: {@code {"status":"UP"|"DOWN","checks":[{"name":…,"status":…,
     * "reason":…}]}} (a reason only on a failing check).
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"status\":\"").append(healthy() ? "UP" : "DOWN").append("\",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            Result r = checks.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":");
            quote(b, r.name());
            b.append(",\"status\":\"").append(r.ok() ? "UP" : "DOWN").append('"');
            if (!r.ok()) {
                b.append(",\"reason\":");
                quote(b, r.reason());
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}

package io.botgrid.telemetry;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One named condition of a node's readiness ("joined", "grpc-serving", …).
 *
 * <p>Why named checks in a list rather than one boolean: an operator (and a load balancer's log) must see which
 * condition failed and why; and a component that adds a condition later (a majority check, workers) appends a
 * check instead of editing a method. A check must be cheap and must not block: it is evaluated on every probe.
 *
 * @param name short kebab-case name, shown in the JSON answer
 * @param probe answers empty when the condition holds, or the reason it does not
 */
public record HealthCheck(String name, Supplier<Optional<String>> probe) {
    public HealthCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
        if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("health check name must be kebab-case, got " + name);
        }
    }

    /** Runs the probe; a probe that throws counts as failing with the exception's message. */
    public Optional<String> failure() {
        try {
            return Objects.requireNonNull(probe.get(), "probe answered null");
        } catch (RuntimeException e) {
            return Optional.of("check failed: " + e);
        }
    }
}

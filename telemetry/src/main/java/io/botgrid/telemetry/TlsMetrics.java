package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When the certificates a node serves with stop being valid, so that an alert fires weeks before a node can no longer
 * join its cluster (cluster TLS) or clients can no longer reach it (gRPC TLS). A node without TLS has no series.
 *
 * <p>Why a timestamp rather than "seconds left": the value changes only when a certificate is replaced, so it
 * compresses to nothing in Prometheus, and {@code expiry - time()} gives the time left in any query. Labels: the use
 * ({@code grpc}, {@code cluster}) and the certificate's subject, a handful per node.
 */
public final class TlsMetrics {
    /** A certificate the node serves with; {@code notAfter} is the earliest end of validity in its chain. */
    public record Certificate(String use, String subject, Instant notAfter) {
        public Certificate {
            Objects.requireNonNull(use, "use");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(notAfter, "notAfter");
        }
    }

    private final List<Certificate> certificates = new CopyOnWriteArrayList<>();

    TlsMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("botgrid_tls_certificate_expiry_timestamp_seconds")
                .help("When a certificate this node serves with (use: grpc, cluster) stops being valid, in Unix "
                        + "seconds: the earliest notAfter of its chain")
                .labelNames("use", "subject")
                .callback(cb -> certificates.forEach(c -> cb.call(c.notAfter().getEpochSecond(), c.use(),
                        c.subject())))
                .register(registry);
    }

    /** Adds a certificate the node serves with (read when it starts: what it serves until restarted). */
    public void serving(Certificate certificate) {
        certificates.add(Objects.requireNonNull(certificate, "certificate"));
    }
}

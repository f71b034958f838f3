package io.botgrid.node.internal;

import io.botgrid.node.ClusterTlsConfig;
import io.botgrid.telemetry.TlsMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the certificates a node serves with (the gRPC front's PEM chain, the cluster key store's key entries) for
 * their expiry metric ({@link TlsMetrics}). Each chain reports its certificate that expires first: the chain stops
 * working then, whichever link it is.
 *
 * <p>Why it never fails: an unreadable file or a wrong password stops the node when the gRPC server or Ignite opens
 * the same files, with the precise message of that step; here such a chain is only left out of the metric.
 */
public final class ServedCertificates {
    private static final System.Logger LOG = System.getLogger(ServedCertificates.class.getName());

    private ServedCertificates() {
    }

    /**
     * Adds to {@code metrics} the chains of a gRPC PEM certificate file and of a cluster TLS key store.
     *
     * @param grpcCertFile null when the gRPC front has no TLS
     * @param clusterTls null when the nodes talk in plaintext
     */
    public static void report(TlsMetrics metrics, Path grpcCertFile, ClusterTlsConfig clusterTls) {
        if (grpcCertFile != null) {
            pem(grpcCertFile).flatMap(ServedCertificates::firstToExpire)
                    .ifPresent(c -> metrics.serving(certificate("grpc", c)));
        }
        if (clusterTls != null) {
            for (List<X509Certificate> chain : keyStoreChains(clusterTls)) {
                firstToExpire(chain).ifPresent(c -> metrics.serving(certificate("cluster", c)));
            }
        }
    }

    private static TlsMetrics.Certificate certificate(String use, X509Certificate c) {
        return new TlsMetrics.Certificate(use, c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant());
    }

    static Optional<X509Certificate> firstToExpire(List<X509Certificate> chain) {
        return chain.stream().min(Comparator.comparing(X509Certificate::getNotAfter));
    }

    private static Optional<List<X509Certificate>> pem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return Optional.of(x509(all.toArray(Certificate[]::new)));
        } catch (IOException | GeneralSecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "no expiry metric for " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static List<List<X509Certificate>> keyStoreChains(ClusterTlsConfig tls) {
        List<List<X509Certificate>> out = new ArrayList<>();
        try {
            char[] password = KeyStores.fromEnvironment().password(tls.passwordFile(), ClusterTlsConfig.PASSWORD_ENV,
                    "clusterTls");
            KeyStore store = KeyStore.getInstance(tls.keyStore().toFile(), password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificateChain(alias) != null) {
                    out.add(x509(store.getCertificateChain(alias)));
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "no expiry metric for clusterTls.keyStore: " + e.getMessage());
        }
        return out;
    }

    private static List<X509Certificate> x509(Certificate[] chain) {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : chain) {
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        return out;
    }
}

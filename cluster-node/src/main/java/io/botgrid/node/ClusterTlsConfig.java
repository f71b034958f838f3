package io.botgrid.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS between the nodes of a cluster (Ignite discovery and communication). Every node presents the certificate of
 * its key store and accepts only peers whose certificate its trust store trusts, both ways: a process without a
 * certificate the cluster trusts cannot join it, and cannot read its traffic. The password of both stores is never
 * in the configuration itself: it is read from {@code passwordFile} or, when that is not set, from the environment
 * variable {@value #PASSWORD_ENV}, so that a configuration file or a log line never holds it.
 *
 * <p>In YAML: {@code clusterTls: {keyStore: tls/node.p12, trustStore: tls/cluster-trust.p12, passwordFile:
 * tls/password}} (PKCS#12 or JKS stores; see docs/operations.md).
 *
 * @param keyStore the node's key store: its private key and certificate chain
 * @param trustStore the certificates (or the CA) of the cluster's nodes
 * @param passwordFile a file holding the password of both stores (first line); null: {@value #PASSWORD_ENV}
 */
public record ClusterTlsConfig(Path keyStore, Path trustStore, Path passwordFile) {
    /** Environment variable holding the stores' password when no {@code passwordFile} is set. */
    public static final String PASSWORD_ENV = "BOTGRID_CLUSTER_TLS_PASSWORD";

    /** Both stores are required; the password source is checked when the node starts. */
    public ClusterTlsConfig {
        Objects.requireNonNull(keyStore, "clusterTls.keyStore is required");
        Objects.requireNonNull(trustStore, "clusterTls.trustStore is required");
    }
}

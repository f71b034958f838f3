package io.botgrid.node.internal;

import io.botgrid.node.ClusterTlsConfig;
import io.botgrid.node.EncryptionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.function.Function;
import org.apache.ignite.spi.encryption.keystore.KeystoreEncryptionSpi;
import org.apache.ignite.ssl.SslContextFactory;

/**
 * Opens the key stores of cluster TLS and of encryption at rest before Ignite starts, so that a missing file, a wrong
 * password or a key store without the expected key stops the node with one line that says which, rather than with
 * an Ignite stack trace later (or a node that cannot talk to anyone). Passwords come from a file or the environment
 * and are handed only to Ignite's SSL factory and encryption SPI: no message here ever contains one.
 */
final class KeyStores {
    private final Function<String, String> environment;

    KeyStores(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Reads passwords from the process environment. */
    static KeyStores fromEnvironment() {
        return new KeyStores(System::getenv);
    }

    /** Ignite's SSL context factory for discovery and communication (peers must present a trusted certificate). */
    SslContextFactory sslContextFactory(ClusterTlsConfig tls) {
        char[] password = password(tls.passwordFile(), ClusterTlsConfig.PASSWORD_ENV, "clusterTls");
        KeyStore keys = open(tls.keyStore(), password, "clusterTls.keyStore");
        KeyStore trust = open(tls.trustStore(), password, "clusterTls.trustStore");
        try {
            if (!Collections.list(keys.aliases()).stream().anyMatch(a -> isKey(keys, a))) {
                throw new IllegalArgumentException("clusterTls.keyStore " + tls.keyStore()
                        + " holds no private key: a node needs its own key and certificate");
            }
            if (trust.size() == 0) {
                throw new IllegalArgumentException("clusterTls.trustStore " + tls.trustStore()
                        + " holds no certificate: the node would trust no peer");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("clusterTls key stores cannot be read: " + e.getMessage(), e);
        }
        SslContextFactory factory = new SslContextFactory();
        factory.setKeyStoreFilePath(tls.keyStore().toAbsolutePath().toString());
        factory.setKeyStoreType(keys.getType());
        factory.setKeyStorePassword(password.clone());
        factory.setTrustStoreFilePath(tls.trustStore().toAbsolutePath().toString());
        factory.setTrustStoreType(trust.getType());
        factory.setTrustStorePassword(password.clone());
        factory.setProtocols("TLSv1.3", "TLSv1.2");
        return factory;
    }

    /** Ignite's key store encryption SPI, after checking that the key store holds the master key. */
    KeystoreEncryptionSpi encryptionSpi(EncryptionConfig encryption) {
        char[] password = password(encryption.passwordFile(), EncryptionConfig.PASSWORD_ENV, "encryption");
        KeyStore store = open(encryption.keyStore(), password, "encryption.keyStore");
        try {
            if (!store.isKeyEntry(EncryptionConfig.MASTER_KEY_ALIAS)
                    || !(store.getKey(EncryptionConfig.MASTER_KEY_ALIAS, password) instanceof javax.crypto.SecretKey)) {
                throw new IllegalArgumentException("encryption.keyStore " + encryption.keyStore()
                        + " holds no AES master key under the alias '" + EncryptionConfig.MASTER_KEY_ALIAS + "'");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("encryption.keyStore " + encryption.keyStore()
                    + ": the master key cannot be read: " + e.getMessage(), e);
        }
        KeystoreEncryptionSpi spi = new KeystoreEncryptionSpi();
        spi.setKeyStorePath(encryption.keyStore().toAbsolutePath().toString());
        spi.setKeyStorePassword(password.clone());
        spi.setMasterKeyName(EncryptionConfig.MASTER_KEY_ALIAS);
        return spi;
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The first line of {@code file}, or the environment variable {@code env}; refused when neither is set. */
    char[] password(Path file, String env, String what) {
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String first = text.lines().findFirst().orElse("");
                if (first.isEmpty()) {
                    throw new IllegalArgumentException(what + ".passwordFile " + file + " is empty");
                }
                return first.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException(what + ".passwordFile " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        String value = environment.apply(env);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " has no password: set " + what
                    + ".passwordFile or the environment variable " + env);
        }
        return value.toCharArray();
    }

    private static KeyStore open(Path file, char[] password, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            // PKCS#12 and JKS both report a wrong password as an IOException whose cause is an unrecoverable key
            throw new IllegalArgumentException(what + " " + file + " cannot be opened: wrong password or not a "
                    + "key store (PKCS#12 or JKS)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }
}

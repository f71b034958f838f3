package io.botgrid.console.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The gRPC front's PEM certificate chain and PKCS#8 key as an in-memory key store for Jetty, so the console serves
 * HTTPS with the same files and nothing more to configure.
 */
final class PemKeyStore {
    static final char[] PASSWORD = new char[0];

    private PemKeyStore() {
    }

    static KeyStore load(Path certFile, Path keyFile) throws IOException {
        try {
            List<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile))).stream().toList();
            if (chain.isEmpty()) {
                throw new IOException(certFile + " holds no certificate");
            }
            byte[] der = pemBody(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
            PrivateKey key = null;
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    break;
                } catch (GeneralSecurityException tryNext) {
                    // another algorithm
                }
            }
            if (key == null) {
                throw new IOException(keyFile + " is not a PKCS#8 RSA, EC or Ed25519 private key");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("console", key, PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("the console's TLS files cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] pemBody(String pem, Path file) throws IOException {
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(file + " is not a PEM 'PRIVATE KEY' (PKCS#8)");
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid base64 PEM: " + e.getMessage(), e);
        }
    }
}

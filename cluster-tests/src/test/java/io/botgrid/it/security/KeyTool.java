package io.botgrid.it.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes key stores for tests with the JDK's own {@code keytool}, in a test's temporary folder: no private key is
 * ever committed, and the stores are exactly what an operator makes by following docs/operations.md. Its key pairs
 * are valid for 2 days (the ops tests see the certificate expiry alerts fire on them).
 */
public final class KeyTool {
    private final Path dir;
    private final String password;

    public KeyTool(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** A file holding the stores' password, as {@code passwordFile} reads it. */
    public Path passwordFile() throws IOException {
        Path file = dir.resolve("password");
        if (!Files.exists(file)) {
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        }
        return file;
    }

    /** A PKCS#12 key store with a new self-signed EC key pair under {@code alias}. */
    public Path keyPair(String alias) throws IOException {
        Path store = dir.resolve(alias + "-key.p12");
        run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password,
                "-keypass", password);
        return store;
    }

    /** A PKCS#12 trust store holding the certificates of the given key stores' key pairs. */
    public Path trustStore(String name, Path... keyStores) throws IOException {
        Path store = dir.resolve(name + "-trust.p12");
        for (Path keys : keyStores) {
            String alias = keys.getFileName().toString().replace("-key.p12", "");
            Path cert = dir.resolve(alias + ".crt");
            run("-exportcert", "-alias", alias, "-keystore", keys.toString(), "-storepass", password,
                    "-file", cert.toString());
            run("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", password);
        }
        return store;
    }

    /** A PKCS#12 key store holding a new 256-bit AES key under {@code alias}. */
    public Path secretKey(String name, String alias) throws IOException {
        Path store = dir.resolve(name + ".p12");
        run("-genseckey", "-alias", alias, "-keyalg", "AES", "-keysize", "256", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password, "-keypass", password);
        return store;
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}

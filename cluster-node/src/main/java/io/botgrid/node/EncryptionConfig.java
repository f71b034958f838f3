package io.botgrid.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Encryption at rest of the node's stored data with Ignite's transparent data encryption: every persistent cache
 * (actor journals and snapshots, which hold the Bot actors' channel secrets, the bot index, the directory) is
 * written encrypted to its partition files and to the WAL, under cache keys that are themselves encrypted with the
 * cluster's master key. The master key is an AES key under the alias {@value #MASTER_KEY_ALIAS} in {@code keyStore};
 * every node of a cluster has the same one. The key store's password is read from {@code passwordFile} or, when that
 * is not set, from the environment variable {@value #PASSWORD_ENV}, never from the configuration itself.
 *
 * <p>Turn it on when a cluster's data folders are created: a node whose stored caches were written without it (or
 * with it) does not start with the other setting. See docs/operations.md for making the key store.
 *
 * @param keyStore the key store (PKCS#12) holding the master key
 * @param passwordFile a file holding the key store's password (first line); null: {@value #PASSWORD_ENV}
 */
public record EncryptionConfig(Path keyStore, Path passwordFile) {
    /** Environment variable holding the key store's password when no {@code passwordFile} is set. */
    public static final String PASSWORD_ENV = "BOTGRID_ENCRYPTION_PASSWORD";
    /** The alias of the master key in the key store (Ignite's default). */
    public static final String MASTER_KEY_ALIAS = "ignite.master.key";

    /** The key store is required; its password source is checked when the node starts. */
    public EncryptionConfig {
        Objects.requireNonNull(keyStore, "encryption.keyStore is required");
    }
}

package io.botgrid.bots.plugins.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.plugins.PluginCatalog;
import io.botgrid.bots.plugins.PluginCatalogException;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The checks of an upload, made before anything is stored: names, size, checksum, that the bytes are a jar and that
 * it declares exactly one handler, or one or more worker functions, or both. Loading it is the deployer's business;
 * what can be told from the bytes alone is refused here with INVALID, so a caller learns of a typo at once rather than from a FAILED state later.
 */
final class PluginJarCheck {
    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    static final String SERVICES = "META-INF/services/" + BotHandler.class.getName();
    static final String FUNCTION_SERVICES = "META-INF/services/" + WorkerFunctionFactory.class.getName();

    private PluginJarCheck() {
    }

    /** Refuses a malformed name or version (INVALID). */
    static void checkNames(String name, String version) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("plugin name '" + name + "' is malformed: it must match [a-z0-9-]{1,64}");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw invalid("plugin version '" + version + "' is malformed: it must match [A-Za-z0-9._-]{1,64}");
        }
    }

    /**
     * Checks an upload and answers its SHA-256 (lower-case hex) and handler class.
     *
     * @throws PluginCatalogException INVALID, saying which check failed
     */
    static Checked check(String name, String version, byte[] jar, String expectedSha256) {
        checkNames(name, version);
        if (jar == null || jar.length == 0) {
            throw invalid("plugin " + name + "@" + version + ": the jar is empty");
        }
        if (jar.length > PluginCatalog.MAX_JAR_BYTES) {
            throw invalid("plugin " + name + "@" + version + ": the jar has " + jar.length + " bytes, more than the "
                    + PluginCatalog.MAX_JAR_BYTES + " allowed");
        }
        String sha = sha256(jar);
        if (expectedSha256 != null && !expectedSha256.isEmpty()) {
            if (!SHA256.matcher(expectedSha256).matches()) {
                throw invalid("plugin " + name + "@" + version + ": sha256 '" + expectedSha256
                        + "' is not 64 hex digits");
            }
            if (!sha.equals(expectedSha256.toLowerCase(Locale.ROOT))) {
                throw invalid("plugin " + name + "@" + version + ": SHA-256 mismatch: the request says "
                        + expectedSha256.toLowerCase(Locale.ROOT) + ", the bytes received have " + sha);
            }
        }
        return new Checked(sha, handlerClass(name + "@" + version, jar));
    }

    /** @param handlerClass the one class the jar's handler service entry names; empty for functions only */
    record Checked(String sha256, String handlerClass) {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String handlerClass(String what, byte[] jar) {
        List<String> providers = null;
        List<String> functions = List.of();
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries++;
                if (e.getName().equals(SERVICES)) {
                    providers = providers(in.readAllBytes());
                } else if (e.getName().equals(FUNCTION_SERVICES)) {
                    functions = providers(in.readAllBytes());
                }
            }
        } catch (IOException e) { // ZipException, or EOFException for a truncated one
            throw invalid("plugin " + what + ": the bytes are not a jar (" + e + ")");
        }
        if (entries == 0) {
            throw invalid("plugin " + what + ": the bytes are not a jar (no entries)");
        }
        if (providers == null && !functions.isEmpty()) {
            return ""; // worker functions only
        }
        if (providers == null || providers.size() != 1) {
            throw invalid("plugin " + what + ": the jar must declare exactly one handler in " + SERVICES
                    + " or at least one worker function in " + FUNCTION_SERVICES + ", it declares "
                    + (providers == null ? "none (no such entry)" : providers.size() + " handlers " + providers));
        }
        return providers.get(0);
    }

    /** The provider lines of a service file: comments after '#' and blank lines left out. */
    private static List<String> providers(byte[] file) {
        List<String> names = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            int hash = line.indexOf('#');
            String name = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static PluginCatalogException invalid(String message) {
        return new PluginCatalogException(PluginCatalogException.Reason.INVALID, message);
    }
}

package io.botgrid.cli;

import io.botgrid.client.BotgridClient;
import io.botgrid.client.PluginVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code botgrid plugins ...}: handler plugins deployed to the running cluster, over the SDK. */
final class PluginCommands {
    private PluginCommands() {
    }

    @Command(name = "plugins", description = "Deploy handler plugins to the running cluster (admin to upload and "
            + "remove, operator to list). Bots name plugin:<name> (latest) or plugin:<name>@<version> (pinned).",
            mixinStandardHelpOptions = true, subcommands = {Upload.class, ListVersions.class, Remove.class})
    static final class PluginsCommand {
    }

    /** {@code botgrid plugins upload NAME VERSION JAR} */
    @Command(name = "upload", description = "Upload a jar as a new version of a plugin (checked by its SHA-256); "
            + "prints how it loaded.", mixinStandardHelpOptions = true)
    static final class Upload extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Plugin name, [a-z0-9-]{1,64}.")
        String name;

        @Parameters(index = "1", description = "Version, [A-Za-z0-9._-]{1,64}; a new one each upload.")
        String version;

        @Parameters(index = "2", description = "The plugin jar (at most 8 MiB).")
        Path jar;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(jar);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), jar + ": cannot be read: " + e.getMessage());
            }
            PluginVersion v = client.plugins().uploadBlocking(name, version, bytes);
            out.println("uploaded " + v.name() + "@" + v.version() + " (" + v.sizeBytes() + " bytes, sha256 "
                    + v.sha256() + "): " + v.state() + (v.failure().isEmpty() ? "" : ": " + v.failure())
                    + (v.latest() ? ", latest" : ""));
        }
    }

    /** {@code botgrid plugins list [NAME]} */
    @Command(name = "list", description = "List the stored versions, newest first, with their state on the "
            + "answering node.", mixinStandardHelpOptions = true)
    static final class ListVersions extends ClientCommands.ClientCommand {
        @Parameters(index = "0", arity = "0..1", defaultValue = "", description = "Plugin name (default: all).")
        String name;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            out.printf("%-24s %-16s %-7s %-8s %-10s %-24s %s%n", "NAME", "VERSION", "LATEST", "STATE", "BYTES",
                    "UPLOADED BY", "FAILURE");
            for (PluginVersion v : client.plugins().listBlocking(name)) {
                out.printf("%-24s %-16s %-7s %-8s %-10d %-24s %s%n", v.name(), v.version(), v.latest() ? "yes" : "",
                        v.state(), v.sizeBytes(), v.uploadedBy(), v.failure());
            }
        }
    }

    /** {@code botgrid plugins remove NAME VERSION} */
    @Command(name = "remove", description = "Remove one version from the cluster.", mixinStandardHelpOptions = true)
    static final class Remove extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Plugin name.")
        String name;

        @Parameters(index = "1", description = "Version.")
        String version;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            client.plugins().removeBlocking(name, version);
            out.println("removed " + name + "@" + version);
        }
    }
}

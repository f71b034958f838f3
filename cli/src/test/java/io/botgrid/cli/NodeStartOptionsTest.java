package io.botgrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.node.NodeConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code botgrid node start}'s three layers: command defaults, then the file, then the options given. For every
 * option: the file's value stays when the option is absent, and the option wins when given.
 */
class NodeStartOptionsTest {
    /** A file that sets every key an option covers, to values that are none of the defaults. */
    private static final String FILE = """
            nodeName: from-file
            dataDir: /srv/file-data
            host: 10.1.1.1
            discoveryPort: 48500
            communicationPort: 48100
            portRange: 5
            seeds: ["10.1.1.2:48500"]
            grpcPort: 7170
            endpointPort: 7180
            metricsPort: 7190
            consolePort: 7195
            pluginsDir: /srv/file-plugins
            sampleBot: false
            region: file-region
            zone: file-zone
            backups: 2
            zoneAwareBackups: true
            zones: [file-zone, flag-zone, third-zone]
            walMode: FSYNC
            baselineAutoAdjust: 1m
            dataRegionSizeMb: 256
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> options() {
        return Stream.of(
                option(List.of("--name", "from-flag"), NodeConfig::nodeName, "from-file", "from-flag"),
                option(List.of("--data-dir", "/srv/flag-data"), NodeConfig::dataDir, Path.of("/srv/file-data"),
                        Path.of("/srv/flag-data")),
                option(List.of("--host", "10.2.2.2"), NodeConfig::host, "10.1.1.1", "10.2.2.2"),
                option(List.of("--discovery-port", "49500"), NodeConfig::discoveryPort, 48_500, 49_500),
                option(List.of("--communication-port", "49100"), NodeConfig::communicationPort, 48_100, 49_100),
                option(List.of("--port-range", "7"), NodeConfig::portRange, 5, 7),
                option(List.of("--seeds", "10.2.2.3:47500,10.2.2.4:47500"), NodeConfig::seeds,
                        List.of("10.1.1.2:48500"), List.of("10.2.2.3:47500", "10.2.2.4:47500")),
                option(List.of("--grpc-port", "0"), NodeConfig::grpcPort, 7_170, 0),
                option(List.of("--endpoint-port", "7280"), NodeConfig::endpointPort, 7_180, 7_280),
                option(List.of("--metrics-port", "7290"), NodeConfig::metricsPort, 7_190, 7_290),
                option(List.of("--console-port", "-1"), NodeConfig::consolePort, 7_195, -1),
                option(List.of("--plugins-dir", "/srv/flag-plugins"), NodeConfig::pluginsDir,
                        Path.of("/srv/file-plugins"), Path.of("/srv/flag-plugins")),
                option(List.of("--sample-bot"), NodeConfig::sampleBot, false, true),
                option(List.of("--region", "flag-region"), NodeConfig::region, "file-region", "flag-region"),
                option(List.of("--zone", "flag-zone"), NodeConfig::zone, "file-zone", "flag-zone"),
                option(List.of("--backups", "0"), NodeConfig::backups, 2, 0),
                option(List.of("--no-zone-aware-backups"), NodeConfig::zoneAwareBackups, true, false),
                option(List.of("--zones", "file-zone,z2,z3,z4"), NodeConfig::zones,
                        List.of("file-zone", "flag-zone", "third-zone"), List.of("file-zone", "z2", "z3", "z4")),
                option(List.of("--wal-mode", "BACKGROUND"), NodeConfig::walMode, NodeConfig.WalMode.FSYNC,
                        NodeConfig.WalMode.BACKGROUND),
                option(List.of("--baseline-auto-adjust", "30s"), NodeConfig::baselineAutoAdjust,
                        Duration.ofMinutes(1), Duration.ofSeconds(30)),
                option(List.of("--data-region-size-mb", "1024"), NodeConfig::dataRegionSizeMb, 256, 1_024));
    }

    private static Arguments option(List<String> args, Function<NodeConfig, Object> read, Object inFile,
                                    Object given) {
        return Arguments.of(String.join(" ", args), args, read, inFile, given);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void fileValueStaysWithoutTheOptionAndTheOptionWinsWhenGiven(String label, List<String> args,
                                                                 Function<NodeConfig, Object> read, Object inFile,
                                                                 Object given) throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, FILE);
        assertThat(read.apply(config("-c", file.toString()))).as("file only").isEqualTo(inFile);
        List<String> withOption = new ArrayList<>(List.of("-c", file.toString()));
        withOption.addAll(args);
        assertThat(read.apply(config(withOption.toArray(String[]::new)))).as("file and " + label)
                .isEqualTo(given);
    }

    @Test
    void everyOptionIsCoveredByTheTableAbove() {
        List<String> tested = options().map(a -> ((List<?>) a.get()[1]).get(0).toString()
                .replaceFirst("^--no-", "--")).toList();
        List<String> declared = new CommandLine(new BotgridCli.Start()).getCommandSpec().options().stream()
                .map(CommandLine.Model.OptionSpec::longestName)
                .filter(n -> !List.of("--config", "--help", "--version").contains(n)).toList();
        assertThat(tested).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void withoutFileTheSampleBotIsOnAndTheNameDerivesTheDataFolder() {
        NodeConfig plain = config();
        assertThat(plain.sampleBot()).isTrue();
        assertThat(plain.dataDir()).isEqualTo(Path.of("data", "node-1"));
        assertThat(config("--no-sample-bot").sampleBot()).isFalse();
        assertThat(config("--name", "node-2").dataDir()).isEqualTo(Path.of("data", "node-2"));
    }

    @Test
    void aFileWithoutTheKeysKeepsTheCommandDefaultsAndDerivedValuesFollowTheOptions() throws Exception {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, "zone: eu-west-1a\n");
        NodeConfig c = config("-c", file.toString(), "--name", "node-7", "--discovery-port", "48000");
        assertThat(c.zone()).isEqualTo("eu-west-1a");
        assertThat(c.sampleBot()).as("the command's default, not NodeConfig's").isTrue();
        assertThat(c.dataDir()).as("derived from the name given").isEqualTo(Path.of("data", "node-7"));
        assertThat(c.seeds()).as("derived from the port given").containsExactly("127.0.0.1:48000..48010");
    }

    @Test
    void aConfigurationErrorIsOneLineOnStderrAndExitStatusTwo() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "nodeName: a\nzone: z\nbackup: 1\n");
        Run typo = run("node", "start", "-c", file.toString());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.out()).isEmpty();
        assertThat(typo.err().lines()).singleElement().asString()
                .startsWith("botgrid: " + file + ":3: unknown key 'backup' (did you mean 'backups'? allowed: ")
                .contains("backups, baselineAutoAdjust").doesNotContain("Exception").doesNotContain("\tat ");

        Path wrongType = dir.resolve("type.yaml");
        Files.writeString(wrongType, "backups: two\n");
        Run type = run("node", "start", "-c", wrongType.toString());
        assertThat(type.exit()).isEqualTo(2);
        assertThat(type.err().lines()).singleElement().asString()
                .isEqualTo("botgrid: " + wrongType + ":1: backups: expected a whole number, got 'two'");

        Run range = run("node", "start", "--backups", "7");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err().lines()).singleElement().asString()
                .isEqualTo("botgrid: invalid node configuration: backups must be 0-3, got 7");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BotgridCli.commandLine(new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Parses {@code node start} with the arguments and returns the configuration it would start with. */
    private static NodeConfig config(String... args) {
        BotgridCli.Start start = new BotgridCli.Start();
        new CommandLine(start).parseArgs(args);
        return start.config();
    }
}

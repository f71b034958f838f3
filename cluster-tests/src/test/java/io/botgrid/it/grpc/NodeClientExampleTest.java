package io.botgrid.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.samples.CounterBehavior;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Node.js client example of {@code docs/clients.md} ({@code examples/clients/node}), run with {@code node} against
 * a real node's gRPC front with an API key: what the page tells non-Java users must work as written. A missing
 * {@code node} fails the test with what to do; missing npm modules are installed from the example's lock file
 * ({@code npm ci}), so the README's test command works on a fresh clone; only {@value #SKIP_VARIABLE} skips it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeClientExampleTest {
    static final String SKIP_VARIABLE = "BOTGRID_SKIP_NODE_CLIENT_TEST";
    private static final String CLIENT_KEY = "node-example-key-" + UUID.randomUUID();

    @Test
    void theNodeExampleCallsTheCounterFollowsEventsAndTalksToTheSampleBot() throws Exception {
        String skip = System.getenv(SKIP_VARIABLE);
        if (skip != null) {
            String reason = "Node.js client example not run: " + SKIP_VARIABLE + " is set";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        Path example = exampleDir();
        String node = nodeVersion();
        if (!modulesInstalled(example)) {
            installModules(example);
        }

        ActorTypes types = ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior()).build();
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(types)
                .configure(b -> b.sampleBot(true).grpcApiKeys(List.of(ApiKey.of("node-example", CLIENT_KEY,
                        Role.CLIENT))))
                .start()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> cluster.node(0).bots().getBot("sample").join() != null);
            String counterKey = "node-example-" + UUID.randomUUID();

            ProcessBuilder builder = new ProcessBuilder("node", "client.js",
                    "127.0.0.1:" + cluster.node(0).grpcPort(), counterKey)
                    .directory(example.toFile()).redirectErrorStream(true);
            builder.environment().put("BOTGRID_TOKEN", CLIENT_KEY);
            Process process = builder.start();
            CompletableFuture<String> output = readAll(process.getInputStream());
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String printed = output.get(10, TimeUnit.SECONDS);
            System.out.println("node " + node + ", client.js printed:\n" + printed);
            assertThat(exited).as("client.js finished within 90 s; it printed:%n%s", printed).isTrue();
            assertThat(process.exitValue()).as("exit code; client.js printed:%n%s", printed).isZero();
            assertThat(printed).contains(
                    "add:5 -> 5",
                    "add:5 again, same idempotency key -> 5",
                    "event seq=1 delta=5",
                    "add:7 -> 12",
                    "event seq=2 delta=7",
                    "resume from seq 3",
                    "event seq=3 delta=1",
                    "get -> 13",
                    "get on a new counter -> 0 (0 bytes)",
                    "error: FAILED_PRECONDITION: counter/" + counterKey
                            + " rejected the command: 'lots' is not a whole number",
                    "error: NOT_FOUND: no actor type 'no-such-type' is exposed on node node-0; exposed types: [counter]",
                    "error: INVALID_ARGUMENT: actor_key must not be empty or blank",
                    "sample bot -> [\"Nice to meet you, Ada. Say 'help' to see what I can do.\"] (state introduced)",
                    "done");

            // What the example did is really there: the idempotent retry added nothing.
            Int64Value total = cluster.client().<Int64Value>ask(ActorId.of(CounterBehavior.TYPE, counterKey),
                    StringValue.of("get")).get(20, TimeUnit.SECONDS);
            assertThat(total.getValue()).isEqualTo(13);
        }
    }

    private static boolean modulesInstalled(Path example) {
        return Files.isDirectory(example.resolve("node_modules/@grpc/grpc-js"))
                && Files.isDirectory(example.resolve("node_modules/@grpc/proto-loader"))
                && Files.isDirectory(example.resolve("node_modules/protobufjs"));
    }

    /** {@code npm ci} in the example's folder: exact versions from its lock file. */
    private static void installModules(Path example) throws InterruptedException, IOException {
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(example.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("`npm` is not on the PATH (" + e.getMessage() + "): install Node.js and npm, or set "
                    + SKIP_VARIABLE + "=1 to skip this test");
            return;
        }
        CompletableFuture<String> output = readAll(npm.getInputStream());
        boolean exited = npm.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            npm.destroyForcibly();
        }
        String printed = output.join();
        if (!exited || npm.exitValue() != 0 || !modulesInstalled(example)) {
            fail("`npm ci` in examples/clients/node failed; it printed:%n%s", printed);
        }
    }

    /** {@code examples/clients/node} of this checkout, found upwards from the module's folder. */
    private static Path exampleDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/clients/node");
            if (Files.isRegularFile(candidate.resolve("client.js"))) {
                return candidate;
            }
        }
        return fail("examples/clients/node/client.js not found above " + Path.of("").toAbsolutePath());
    }

    /** {@code node --version}, or a failure saying how to get Node.js. */
    private static String nodeVersion() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return fail("`node --version` failed: " + version);
            }
            return version;
        } catch (IOException e) {
            return fail("`node` is not on the PATH (" + e.getMessage() + "): install Node.js 18 or later (.ci/run "
                    + "does), or set " + SKIP_VARIABLE + "=1 to skip this test");
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
    }
}

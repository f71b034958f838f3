package io.botgrid.bots.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.handlers.PluginPort;
import io.botgrid.bots.handlers.UnknownHandlerException;
import io.botgrid.bots.plugins.PluginCatalogException;
import io.botgrid.bots.plugins.PluginInfo;
import io.botgrid.proto.v1.StoredPlugin;
import io.botgrid.telemetry.Events;
import io.botgrid.testkit.jars.TestJars;
import io.botgrid.workers.PluginFunctions;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployer on its own, with jars compiled during the test: a message in flight keeps its version until it ends,
 * a replaced version's loader is closed only then, a failed version never becomes the latest, and the checks of an
 * upload refuse what they must.
 */
class PluginDeployerTest {
    private static final String SERVICES = "META-INF/services/" + BotHandler.class.getName();
    private static final String FUNCTIONS = "META-INF/services/" + WorkerFunctionFactory.class.getName();

    @TempDir
    Path work;

    @Test
    void aMessageInFlightKeepsItsVersionAndTheReplacedLoaderClosesWhenItEnds() throws Exception {
        byte[] v1 = jar("one", false);
        byte[] v2 = jar("two", false);
        PluginDeployer deployer = new PluginDeployer("n", work.resolve("copies"), Events.NONE);
        Map<String, byte[]> cache = new java.util.HashMap<>(Map.of("p@1", v1, "p@2", v2));

        deployer.apply(List.of(meta("1", v1, 1)), key -> Optional.ofNullable(cache.get(key)));
        PluginPort.Lease inFlight = deployer.acquire("p", null);
        assertThat(inFlight.version()).isEqualTo("1");
        URLClassLoader oldLoader = (URLClassLoader) deployer.loaderOf("p", "1").orElseThrow();

        deployer.apply(List.of(meta("1", v1, 1), meta("2", v2, 2)), key -> Optional.ofNullable(cache.get(key)));
        try (PluginPort.Lease next = deployer.acquire("p", null)) {
            assertThat(next.version()).as("the next message runs the new version").isEqualTo("2");
            assertThat(reply(next)).isEqualTo("two");
        }
        assertThat(reply(inFlight)).as("the message in flight keeps its version").isEqualTo("one");
        assertThat(oldLoader.findResource(SERVICES)).as("still open while leased").isNotNull();
        inFlight.close();
        assertThat(oldLoader.findResource(SERVICES)).as("closed once its last lease ended").isNull();

        try (PluginPort.Lease pinned = deployer.acquire("p", "1")) {
            assertThat(reply(pinned)).as("a pinned old version loads again, in a new loader").isEqualTo("one");
            assertThat(deployer.loaderOf("p", "1").orElseThrow()).isNotSameAs(oldLoader);
        }
        assertThat(Files.exists(work.resolve("copies/p/1.jar"))).isTrue();
        deployer.apply(List.of(meta("2", v2, 2)), key -> Optional.ofNullable(cache.get(key)));
        assertThat(Files.exists(work.resolve("copies/p/1.jar"))).as("a removed version's copy is deleted").isFalse();
        assertThatThrownBy(() -> deployer.acquire("p", "1")).isInstanceOf(UnknownHandlerException.class)
                .hasMessageContaining("plugin p@1 is not deployed");
        deployer.close();
    }

    @Test
    void aWorkerInstanceKeepsItsVersionLoadedUntilItsLeaseEnds() throws Exception {
        byte[] v1 = jar("one", false, true, true);
        byte[] v2 = jar("two", false, false, true);
        assertThat(PluginJarCheck.check("p", "1", v1, "").handlerClass()).as("a handler and functions")
                .isEqualTo("com.acme.p.Handler");
        assertThat(PluginJarCheck.check("p", "2", v2, "").handlerClass()).as("functions only").isEmpty();
        PluginDeployer deployer = new PluginDeployer("n", work.resolve("copies"), Events.NONE);
        Map<String, byte[]> cache = Map.of("p@1", v1, "p@2", v2);
        StoredPlugin meta2 = meta("2", v2, 2).toBuilder().setHandlerClass("").build();

        deployer.apply(List.of(meta("1", v1, 1)), key -> Optional.ofNullable(cache.get(key)));
        PluginFunctions.Lease running = deployer.acquire("p", null, "shout");
        assertThat(running.version()).isEqualTo("1");
        assertThat(shout(running, "a")).isEqualTo("one:A");
        URLClassLoader oldLoader = (URLClassLoader) deployer.loaderOf("p", "1").orElseThrow();

        deployer.apply(List.of(meta("1", v1, 1), meta2), key -> Optional.ofNullable(cache.get(key)));
        try (PluginFunctions.Lease next = deployer.acquire("p", null, "shout")) {
            assertThat(next.version()).as("an instance created now takes the new version").isEqualTo("2");
            assertThat(shout(next, "b")).isEqualTo("two:B");
        }
        assertThat(shout(running, "c")).as("the running instance keeps its version").isEqualTo("one:C");
        assertThat(oldLoader.findResource(FUNCTIONS)).as("still open while an instance uses it").isNotNull();
        running.close();
        assertThat(oldLoader.findResource(FUNCTIONS)).as("closed once its last instance ended").isNull();

        assertThatThrownBy(() -> deployer.acquire("p", null, "nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugin p@2 has no worker function 'nope' (it has: shout)");
        assertThatThrownBy(() -> deployer.acquire("q", null, "shout")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no plugin 'q' is deployed");
        assertThatThrownBy(() -> deployer.acquire("p", null)).isInstanceOf(UnknownHandlerException.class)
                .hasMessageContaining("plugin p@2 has no handler (only worker functions)");
        try (PluginPort.Lease pinned = deployer.acquire("p", "1")) {
            assertThat(reply(pinned)).as("the handler of a jar that has both").isEqualTo("one");
        }
        deployer.close();
    }

    private static String shout(PluginFunctions.Lease lease, String text) throws Exception {
        return lease.factory().create(Map.of()).handle(WorkerMessage.of(text)).get(0).text();
    }

    @Test
    void aVersionThatThrowsAtInitIsFailedAndThePreviousStaysTheLatest() throws Exception {
        byte[] good = jar("good", false);
        byte[] bad = jar("bad", true);
        PluginDeployer deployer = new PluginDeployer("n", work.resolve("copies"), Events.NONE);
        Map<String, byte[]> cache = Map.of("p@1", good, "p@2", bad);

        deployer.apply(List.of(meta("1", good, 1), meta("2", bad, 2)), key -> Optional.ofNullable(cache.get(key)));

        PluginInfo failed = deployer.info(meta("2", bad, 2));
        assertThat(failed.state()).isEqualTo(PluginInfo.State.FAILED);
        assertThat(failed.failure()).isEqualTo("its handler threw at init: java.lang.IllegalStateException: "
                + "bad refuses to start");
        assertThat(deployer.info(meta("1", good, 1)).latest()).isTrue();
        try (PluginPort.Lease lease = deployer.acquire("p", null)) {
            assertThat(reply(lease)).isEqualTo("good");
        }
        assertThatThrownBy(() -> deployer.acquire("p", "2")).isInstanceOf(UnknownHandlerException.class)
                .hasMessageContaining("plugin p@2 failed to load: its handler threw at init");
        deployer.close();
    }

    @Test
    void theChecksOfAnUploadRefuseWhatCannotServe() throws Exception {
        byte[] good = jar("good", false);
        assertThat(PluginJarCheck.check("p", "1", good, "").handlerClass()).isEqualTo("com.acme.p.Handler");
        assertThat(PluginJarCheck.check("p", "1", good, PluginJarCheck.sha256(good).toUpperCase()).sha256())
                .isEqualTo(PluginJarCheck.sha256(good));
        assertThatThrownBy(() -> PluginJarCheck.check("p", "1", good, "12"))
                .isInstanceOf(PluginCatalogException.class).hasMessageContaining("is not 64 hex digits");
        assertThatThrownBy(() -> PluginJarCheck.check("p", "1", new byte[] {'P', 'K', 3, 4, 9}, ""))
                .isInstanceOf(PluginCatalogException.class).hasMessageContaining("the bytes are not a jar");
        assertThatThrownBy(() -> PluginJarCheck.check("-".repeat(65), "1", good, ""))
                .isInstanceOf(PluginCatalogException.class).hasMessageContaining("is malformed");
    }

    private static String reply(PluginPort.Lease lease) throws Exception {
        return lease.configure("").onMessage(null).toCompletableFuture().get().replies().get(0);
    }

    private static StoredPlugin meta(String version, byte[] jar, long at) {
        return StoredPlugin.newBuilder().setName("p").setVersion(version).setSha256(PluginJarCheck.sha256(jar))
                .setSizeBytes(jar.length).setUploadedAtMillis(at).setHandlerClass("com.acme.p.Handler").build();
    }

    /** A handler {@code com.acme.p.Handler} replying {@code tag}, or throwing in its constructor. */
    private byte[] jar(String tag, boolean throwAtInit) throws IOException {
        return jar(tag, throwAtInit, true, false);
    }

    /**
     * As {@link #jar(String, boolean)}, with or without its handler service entry and with or without a worker
     * function factory {@code com.acme.p.Shout} (named {@code shout}, answering {@code <tag>:<TEXT>}).
     */
    private byte[] jar(String tag, boolean throwAtInit, boolean handler, boolean function) throws IOException {
        String source = """
                package com.acme.p;

                import io.botgrid.bots.BotHandler;
                import io.botgrid.bots.ConfiguredHandler;
                import io.botgrid.bots.HandlerResult;
                import java.util.concurrent.CompletableFuture;

                public class Handler implements BotHandler {
                    public Handler() {
                        if (%s) {
                            throw new IllegalStateException("%s refuses to start");
                        }
                    }

                    @Override
                    public String name() {
                        return "p";
                    }

                    @Override
                    public ConfiguredHandler configure(String settings) {
                        return request -> CompletableFuture.completedFuture(HandlerResult.reply("%s"));
                    }
                }
                """.formatted(throwAtInit, tag, tag);
        String shout = """
                package com.acme.p;

                import io.botgrid.workers.spi.WorkerFunction;
                import io.botgrid.workers.spi.WorkerFunctionFactory;
                import io.botgrid.workers.spi.WorkerMessage;
                import java.util.List;
                import java.util.Map;

                public class Shout implements WorkerFunctionFactory {
                    @Override
                    public String name() {
                        return "shout";
                    }

                    @Override
                    public WorkerFunction create(Map<String, String> settings) {
                        return new WorkerFunction() {
                            @Override
                            public List<WorkerMessage> handle(WorkerMessage input) {
                                return List.of(WorkerMessage.of("%s:" + input.text().toUpperCase()));
                            }
                        };
                    }
                }
                """.formatted(tag);
        TestJars jar = TestJars.in(work).classpath(TestJars.classpathOf(BotHandler.class))
                .source("com.acme.p.Handler", source).source("com.acme.p.Shout", shout);
        if (handler) {
            jar.service(BotHandler.class, "com.acme.p.Handler");
        }
        if (function) {
            jar.service(WorkerFunctionFactory.class, "com.acme.p.Shout");
        }
        return jar.toBytes();
    }
}

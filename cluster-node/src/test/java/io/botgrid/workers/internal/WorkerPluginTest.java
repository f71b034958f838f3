package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.testkit.jars.TestJars;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker function plugin compiled against the SPI alone, packed in a jar and loaded from the plugins folder. */
class WorkerPluginTest {
    @TempDir
    Path work;

    private Path buildPlugin(String jarName, String functionName) throws Exception {
        String source = """
                package com.acme;

                import io.botgrid.workers.spi.WorkerFunction;
                import io.botgrid.workers.spi.WorkerFunctionFactory;
                import io.botgrid.workers.spi.WorkerMessage;
                import java.util.List;
                import java.util.Map;

                public class Reverse implements WorkerFunctionFactory {
                    public String name() {
                        return "%s";
                    }

                    public WorkerFunction create(Map<String, String> settings) {
                        return new WorkerFunction() {
                            public List<WorkerMessage> handle(WorkerMessage in) {
                                return List.of(in.withText(new StringBuilder(in.text()).reverse().toString()));
                            }
                        };
                    }
                }
                """.formatted(functionName);
        Path plugins = work.resolve("plugins");
        TestJars.in(work).classpath(TestJars.classpathOf(WorkerFunctionFactory.class))
                .source("com.acme.Reverse", source)
                .service(WorkerFunctionFactory.class, "com.acme.Reverse")
                .writeTo(plugins.resolve(jarName));
        return plugins;
    }

    @Test
    void aPluginFunctionIsFoundByNameAndRuns() throws Exception {
        Path plugins = buildPlugin("reverse.jar", "reverse");
        try (EngineFixture fx = new EngineFixture(WorkersConfig.defaults("n1").withThreads(2).withPluginsDir(plugins))) {
            assertThat(fx.engine.functions()).containsExactly("delay", "echo", "http", "reverse");
            fx.engine.apply(StandaloneSpec.of("r", FunctionRef.of("reverse")), 1);
            List<WorkerMessage> out = fx.engine.send("r", WorkerMessage.of("abc")).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(out).extracting(WorkerMessage::text).containsExactly("cba");
        }
    }

    @Test
    void aPluginThatTakesABuiltInNameIsRefusedAtStart() throws Exception {
        Path plugins = buildPlugin("fake-echo.jar", "echo");
        assertThatThrownBy(() -> new EngineFixture(WorkersConfig.defaults("n1").withThreads(2).withPluginsDir(plugins)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("worker function 'echo' is defined twice: by built-in and by ")
                .hasMessageContaining("fake-echo.jar (com.acme.Reverse)");
    }
}

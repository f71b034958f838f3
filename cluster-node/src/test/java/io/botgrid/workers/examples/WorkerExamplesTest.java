package io.botgrid.workers.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.util.Scheduler;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.internal.WorkerEngine;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples of docs/workers.md, compiled and run. */
class WorkerExamplesTest {
    private final Scheduler scheduler = Scheduler.system("examples-timer");
    private final LocalSupervisor workers = WorkerEngine.create(WorkersConfig.defaults("node-1"), scheduler,
            Clock.systemUTC(), List.of(new Uppercase()));

    @AfterEach
    void close() {
        workers.close();
        scheduler.close();
    }

    @Test
    void aGroupWithBroadcast() throws Exception {
        // a group: a crash of any member stops all three, which restart together
        GroupSpec pollers = GroupSpec.of("pollers", List.of(
                new GroupSpec.Member("eu", FunctionRef.of("uppercase", Map.of("suffix", " (eu)"))),
                new GroupSpec.Member("us", FunctionRef.of("uppercase", Map.of("suffix", " (us)"))),
                new GroupSpec.Member("ap", FunctionRef.of("echo"))));
        workers.apply(pollers, 1);

        Map<String, List<WorkerMessage>> replies = workers.broadcast("pollers", WorkerMessage.of("refresh"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(replies.get("pollers/eu").get(0).text()).isEqualTo("REFRESH (eu)");
        assertThat(replies).containsOnlyKeys("pollers/eu", "pollers/us", "pollers/ap");

        List<WorkerMessage> one = workers.send("pollers/us", WorkerMessage.of("ping")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(one.get(0).text()).isEqualTo("PING (us)");
    }

    @Test
    void aThreeStageChainWithAnEndFunction() throws Exception {
        ChainSpec pipeline = ChainSpec.of("pipeline", List.of(
                        ChainSpec.Stage.of("parse", FunctionRef.of("echo")),
                        ChainSpec.Stage.of("enrich", FunctionRef.of("uppercase"))
                                .withInstances(2, 8).withQueueCapacity(256).withKeyOrdered(true),
                        ChainSpec.Stage.of("pause", FunctionRef.of("delay", Map.of("millis", "5")))))
                .withEnd(FunctionRef.of("uppercase", Map.of("suffix", "!")));
        workers.apply(pipeline, 1);

        List<WorkerMessage> out = workers.push("pipeline", Optional.empty(), WorkerMessage.keyed("user-42", "hi"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(out).extracting(WorkerMessage::text).containsExactly("HI!");

        workers.setInstances("pipeline", "enrich", 4); // what the autoscaler does
        List<WorkerMessage> late = workers.push("pipeline", Optional.of("pause"), WorkerMessage.of("skip"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(late).extracting(WorkerMessage::text).containsExactly("SKIP!");
    }

    @Test
    void aStandaloneWorkerWithARestartPolicy() throws Exception {
        StandaloneSpec caller = StandaloneSpec.of("caller", FunctionRef.of("uppercase"))
                .withRestart(RestartPolicy.of(RestartPolicy.Strategy.TRANSIENT)
                        .withIntensity(5, Duration.ofMinutes(1))
                        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(10)));
        workers.apply(caller, 1);
        assertThat(workers.send("caller", WorkerMessage.of("x")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .extracting(WorkerMessage::text).containsExactly("X");
        assertThat(workers.status("caller")).hasValueSatisfying(s -> assertThat(s.processed()).isEqualTo(1));
    }
}

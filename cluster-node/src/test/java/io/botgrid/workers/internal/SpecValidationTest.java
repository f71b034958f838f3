package io.botgrid.workers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.PayloadTooLargeException;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.UnknownWorkerException;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerException;
import io.botgrid.workers.WorkerNotRunningException;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad specs and bad requests get a typed error with a precise message, and change nothing. */
class SpecValidationTest {
    private final EngineFixture fx = new EngineFixture(WorkersConfig.defaults("n1").withThreads(2)
            .withMaxPayloadBytes(100));

    @AfterEach
    void close() {
        fx.close();
    }

    private static ChainSpec.Stage echo(String name) {
        return ChainSpec.Stage.of(name, FunctionRef.of("echo"));
    }

    private static WorkerException failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return (WorkerException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnknownFunctionIsNamedWithItsFieldAndTheKnownOnes() {
        ChainSpec spec = ChainSpec.of("c", List.of(echo("a"), ChainSpec.Stage.of("b", FunctionRef.of("ech0"))));
        assertThatThrownBy(() -> fx.engine.apply(spec, 1)).isInstanceOf(InvalidWorkerSpecException.class)
                .hasMessage("stages[1].function: unknown worker function 'ech0' (known: delay, echo, http)")
                .satisfies(e -> assertThat(((WorkerException) e).code()).isEqualTo(WorkerErrorCode.INVALID_ARGUMENT));
        assertThat(fx.engine.status()).isEmpty();
    }

    @Test
    void badSettingsAreNamedBySetting() {
        assertThatThrownBy(() -> fx.engine.apply(StandaloneSpec.of("d", FunctionRef.of("delay", Map.of("millis", "x"))), 1))
                .hasMessage("function.settings.millis: must be a whole number of milliseconds, got 'x'");
        assertThatThrownBy(() -> fx.engine.validate(ChainSpec.of("c", List.of(echo("a")))
                .withEnd(FunctionRef.of("http", Map.of("url", "ftp://x")))))
                .hasMessage("end.settings.url: must be an absolute http or https URL, got 'ftp://x'");
        assertThatThrownBy(() -> fx.engine.validate(StandaloneSpec.of("e", FunctionRef.of("echo", Map.of("a", "b")))))
                .hasMessage("function.settings.a: echo takes no settings");
    }

    @Test
    void duplicateIdsAreRefused() {
        assertThatThrownBy(() -> GroupSpec.of("g", List.of(new GroupSpec.Member("a", FunctionRef.of("echo")),
                new GroupSpec.Member("a", FunctionRef.of("echo")))))
                .isInstanceOf(InvalidWorkerSpecException.class).hasMessage("members[1].id: duplicate member id 'a'");
        assertThatThrownBy(() -> ChainSpec.of("c", List.of(echo("s"), echo("s"))))
                .hasMessage("stages[1].name: duplicate stage name 's'");
        assertThatThrownBy(() -> ChainSpec.of("c", List.of(echo("end"))))
                .hasMessage("stages[0].name: 'end' is reserved for the end function");
        assertThatThrownBy(() -> StandaloneSpec.of("a/b", FunctionRef.of("echo")))
                .hasMessage("id: must be 1 to 64 letters, digits, '_', '.' or '-', got 'a/b'");
    }

    @Test
    void aChainNeedsAStageAndMinInstancesAtMostMax() {
        assertThatThrownBy(() -> ChainSpec.of("c", List.of())).isInstanceOf(InvalidWorkerSpecException.class)
                .hasMessage("stages: a chain needs at least one stage");
        assertThatThrownBy(() -> ChainSpec.of("c", List.of(echo("s").withInstances(3, 2))))
                .hasMessage("stages[0].maxInstances: min instances 3 is greater than max instances 2");
        assertThatThrownBy(() -> ChainSpec.of("c", List.of(echo("s").withQueueCapacity(0))))
                .hasMessage("stages[0].queueCapacity: must be at least 1, got 0");
        assertThatThrownBy(() -> GroupSpec.of("g", List.of())).hasMessage("members: a group needs at least one member");
    }

    @Test
    void aRestartIntensityOfZeroInZeroSecondsIsRefused() {
        assertThatThrownBy(() -> RestartPolicy.DEFAULT.withIntensity(0, Duration.ZERO))
                .isInstanceOf(InvalidWorkerSpecException.class)
                .hasMessage("restart.within: a restart intensity of 0 in 0 ms has no window: the period must be "
                        + "positive (use strategy temporary for a worker that is never restarted)");
        assertThatThrownBy(() -> RestartPolicy.DEFAULT.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("restart.backoffMax: must be at least backoffMin (2000 ms), got 1000 ms");
    }

    @Test
    void aPayloadOverTheLimitIsRefusedBeforeAnythingIsQueued() {
        fx.engine.apply(StandaloneSpec.of("w", FunctionRef.of("echo")), 1);
        WorkerException e = failure(fx.engine.send("w", WorkerMessage.of(new byte[101])));
        assertThat(e).isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("payload of 101 bytes is over the limit of 100 bytes");
        assertThat(e.code()).isEqualTo(WorkerErrorCode.INVALID_ARGUMENT);
        assertThat(fx.engine.status("w").orElseThrow().processed()).isZero();
    }

    @Test
    void unknownTargetsAreNotFound() {
        fx.engine.apply(StandaloneSpec.of("w", FunctionRef.of("echo")), 1);
        assertThat(failure(fx.engine.send("nope", WorkerMessage.of("x")))).isInstanceOf(UnknownWorkerException.class)
                .hasMessage("no worker 'nope' on this node");
        assertThat(failure(fx.engine.broadcast("w", WorkerMessage.of("x")))).hasMessage("no group 'w' on this node");
        assertThat(failure(fx.engine.push("w", Optional.empty(), WorkerMessage.of("x"))))
                .hasMessage("no chain 'w' on this node")
                .satisfies(e -> assertThat(e.code()).isEqualTo(WorkerErrorCode.NOT_FOUND));
    }

    @Test
    void aPushIntoAStoppedChainIsAFailedPrecondition() {
        Probe probe = new Probe("probe");
        try (EngineFixture other = new EngineFixture(probe)) {
            other.engine.apply(ChainSpec.of("c", List.of(ChainSpec.Stage.of("s", FunctionRef.of("probe"))))
                    .withRestart(RestartPolicy.of(RestartPolicy.Strategy.TEMPORARY)), 1);
            other.engine.push("c", Optional.empty(), WorkerMessage.of("stop"));
            EngineFixture.waiting().until(() -> other.engine.status("c").orElseThrow().state()
                    == WorkerState.STOPPED);
            WorkerException e = failure(other.engine.push("c", Optional.empty(), WorkerMessage.of("x")));
            assertThat(e).isInstanceOf(WorkerNotRunningException.class)
                    .hasMessage("'c' is stopped: c/s#0 stopped normally");
            assertThat(e.code()).isEqualTo(WorkerErrorCode.FAILED_PRECONDITION);
        }
    }

    @Test
    void applyingTheSameSpecAndIncarnationTwiceIsIdempotent() {
        StandaloneSpec spec = StandaloneSpec.of("w", FunctionRef.of("echo"));
        fx.engine.apply(spec, 1);
        EngineFixture.waiting().until(() -> fx.engine.status("w").orElseThrow().state() == WorkerState.RUNNING);
        fx.engine.apply(spec, 1);
        assertThat(fx.events(io.botgrid.workers.WorkerEvent.Started.class)).hasSize(1);
        fx.engine.apply(spec, 2);
        EngineFixture.waiting().until(() -> fx.events(io.botgrid.workers.WorkerEvent.Started.class).size() == 2);
        assertThat(fx.engine.status("w").orElseThrow().incarnation()).isEqualTo(2);
    }

    @Test
    void sendingToAStoppedWorkerIsAFailedPrecondition() {
        Probe probe = new Probe("probe");
        try (EngineFixture other = new EngineFixture(probe)) {
            other.engine.apply(StandaloneSpec.of("w", FunctionRef.of("probe"))
                    .withRestart(RestartPolicy.of(RestartPolicy.Strategy.TRANSIENT)), 1);
            other.engine.send("w", WorkerMessage.of("stop"));
            EngineFixture.waiting().until(() -> other.engine.status("w").orElseThrow().state()
                    == WorkerState.STOPPED);
            WorkerException e = failure(other.engine.send("w", WorkerMessage.of("x")));
            assertThat(e).isInstanceOf(WorkerNotRunningException.class).hasMessage("'w' is stopped: w stopped normally");
            assertThat(e.code()).isEqualTo(WorkerErrorCode.FAILED_PRECONDITION);
        }
    }
}

package io.botgrid.bench;

import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one group-committed journal batch ({@code batch} actors, one 100-byte event each) written on a real one-node
 * Botgrid node (native persistence, LOG_ONLY WAL), the way the journal writes it now ({@code fused}: the epoch check
 * inside each journal entry's write) against the two-step fence it replaced ({@code reserveThenAppend}: an entry
 * processor moving each actor's directory head, then the journal writes). One node, so no backup round trip: this
 * is the CPU of the storage path per batch, the part the fused fence saves. On one node the write runs on the calling
 * thread, so besides JMH's wall-clock score each iteration prints that thread's CPU time per batch
 * ({@code cpu_per_batch}), which a machine shared with other work disturbs less. Run with
 * {@code bench/run.sh jmh JournalWriteBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class JournalWriteBench {
    @Param({"8"})
    public int batch;

    private Path dir;
    private BotgridNode node;
    private BenchInternals.JournalWrites writes;
    private long seq;
    private long batches;
    private long cpuAtStart;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("botgrid-jmh-");
        int ports = BenchNodeConfig.freePorts();
        BenchNodeConfig config = new BenchNodeConfig("jmh-1", dir.resolve("n1"), ports,
                ports + BenchNodeConfig.PORT_RANGE + 1, NodeConfig.WalMode.LOG_ONLY, Transport.MESSAGING, 512, 0,
                false);
        node = BotgridNode.builder().config(config.toNodeConfig()).actorTypes(BenchTypes.create()).start();
        writes = BenchInternals.journalWrites(node.ignite(), batch);
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        batches = 0;
        cpuAtStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @Benchmark
    public int fused() {
        batches++;
        return writes.fused(++seq);
    }

    @Benchmark
    public int reserveThenAppend() {
        batches++;
        return writes.reserveThenAppend(++seq);
    }

    /** Runs on the benchmark thread (JMH runs iteration fixtures there), so its CPU clock is the writer's. */
    @TearDown(Level.Iteration)
    public void report() {
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuAtStart;
        if (batches > 0) {
            System.out.printf("cpu_per_batch: %.1f us (%d batches)%n", cpu / 1e3 / batches, batches);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        node.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

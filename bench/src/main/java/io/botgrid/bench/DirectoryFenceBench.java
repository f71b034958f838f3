package io.botgrid.bench;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.processor.MutableEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the append fence's own work on a directory entry ({@code holder#activationNo#epoch#head}), which every W1
 * append runs on the directory entry's primary under its lock: {@code inPlace} is {@code ReserveAppend} as the
 * journal runs it now (the epoch and the head read where they stand, the head's digits replaced), {@code
 * parseAndFormat} the replaced way, reproduced here (split the entry, parse the holder's UUID, format it all again).
 * No Ignite: only the processor's CPU and allocation (run with {@code -prof gc} for the bytes per append), e.g.
 * {@code bench/run.sh jmh DirectoryFenceBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms256m", "-Xmx256m"})
public class DirectoryFenceBench {
    private static final long EPOCH = 3;
    private final Entry entry = new Entry(UUID.randomUUID() + "#7#" + EPOCH + "#0");
    private long head;

    @Benchmark
    public String inPlace() {
        String refused = BenchInternals.reserveAppend(entry, EPOCH, head);
        head++;
        return refused;
    }

    @Benchmark
    public String parseAndFormat() {
        String[] parts = entry.getValue().split("#");
        UUID holder = UUID.fromString(parts[0]);
        long no = Long.parseLong(parts[1]);
        long epoch = Long.parseLong(parts[2]);
        long lastSeq = Long.parseLong(parts[3]);
        if (epoch != EPOCH || lastSeq != head) {
            return "refused";
        }
        head++;
        entry.setValue(holder + "#" + no + "#" + epoch + "#" + head);
        return null;
    }

    /** The directory entry as the processor sees it. */
    private static final class Entry implements MutableEntry<String, String> {
        private String value;

        Entry(String value) {
            this.value = value;
        }

        @Override
        public boolean exists() {
            return value != null;
        }

        @Override
        public void remove() {
            value = null;
        }

        @Override
        public void setValue(String value) {
            this.value = value;
        }

        @Override
        public String getKey() {
            return "jmh/fence";
        }

        @Override
        public String getValue() {
            return value;
        }

        @Override
        public <T> T unwrap(Class<T> clazz) {
            throw new IllegalArgumentException("not an Ignite entry");
        }
    }
}

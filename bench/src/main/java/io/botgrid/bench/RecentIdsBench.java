package io.botgrid.bench;

import io.botgrid.bots.internal.RecentIdIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: a session's duplicate check for a new message id, against its last 500 message ids, as the node has many
 * sessions: {@code listSearch} searches the list (the check until 2026-12-08), {@code hashIndex} asks the session's
 * {@link RecentIdIndex} (in step with the list). 2,000 sessions of 500 ids each, their ids made in turn so that one
 * session's strings lie apart on the heap as a live node's do; each call checks another session. E.g.
 * {@code bench/run.sh jmh RecentIdsBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class RecentIdsBench {
    private static final int SESSIONS = 2_000;
    private static final int IDS = 500;
    private List<List<String>> lists;
    private RecentIdIndex[] indexes;
    private String[] probes;
    private int next;

    @Setup
    public void setUp() {
        List<List<String>> growing = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            growing.add(new ArrayList<>(IDS));
        }
        for (int i = 0; i < IDS; i++) {
            for (int s = 0; s < SESSIONS; s++) {
                growing.get(s).add(id(s, i));
            }
        }
        lists = new ArrayList<>(SESSIONS);
        indexes = new RecentIdIndex[SESSIONS];
        probes = new String[SESSIONS];
        for (int s = 0; s < SESSIONS; s++) {
            lists.add(List.copyOf(growing.get(s)));
            indexes[s] = new RecentIdIndex();
            probes[s] = id(s, IDS); // the session's next message: not in its list
            indexes[s].contains(lists.get(s), probes[s]); // built once, as a live session's is
        }
    }

    private static String id(int session, int n) {
        return "slack:C" + session + ":1765150" + (100 + n % 900) + "." + (100_000 + n);
    }

    private int session() {
        next = (next + 7_919) % SESSIONS;
        return next;
    }

    @Benchmark
    public boolean listSearch() {
        int s = session();
        return lists.get(s).contains(probes[s]);
    }

    @Benchmark
    public boolean hashIndex() {
        int s = session();
        return indexes[s].contains(lists.get(s), probes[s]);
    }
}

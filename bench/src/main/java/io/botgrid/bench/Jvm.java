package io.botgrid.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** This JVM's CPU and GC counters. */
final class Jvm {
    private Jvm() {
    }

    /** CPU time used by this process so far, or -1. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time used by a thread of this JVM so far, or -1. */
    static long threadCpuNanos(long threadId) {
        var threads = ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(threadId) : -1;
    }

    /** Total time this JVM's collectors reported, in milliseconds. */
    static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}

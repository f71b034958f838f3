package io.botgrid.workers.autoscale;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per chain stage, the handling time and queue wait of the items handled since the autoscaler last looked: fed by the
 * node's span processor with each ended stage span, drained by the autoscaler once per tick. Thread-safe; memory is
 * one small record per stage.
 */
public final class StageLatencies {
    /** What the stage's spans said over one window. */
    public record Window(long items, long handlingNanos, long waitNanos) {
        public static final Window EMPTY = new Window(0, 0, 0);

        /** Mean handling time per item, 0 without items. */
        public long meanHandlingNanos() {
            return items == 0 ? 0 : handlingNanos / items;
        }

        /** Mean queue wait + handling per item, 0 without items. */
        public long meanLatencyNanos() {
            return items == 0 ? 0 : (handlingNanos + waitNanos) / items;
        }
    }

    private record Key(String chain, String stage) {
    }

    private static final class Acc {
        long items;
        long handling;
        long wait;
    }

    private final Map<Key, Acc> stages = new ConcurrentHashMap<>();

    /** One item handled by {@code chain/stage} (from its span: duration and {@code botgrid.stage.wait_ns}). */
    public void record(String chain, String stage, long handlingNanos, long waitNanos) {
        Acc a = stages.computeIfAbsent(new Key(chain, stage), k -> new Acc());
        synchronized (a) {
            a.items++;
            a.handling += Math.max(0, handlingNanos);
            a.wait += Math.max(0, waitNanos);
        }
    }

    /** What was recorded for the stage since the last call, and starts a new window. */
    public Window take(String chain, String stage) {
        Acc a = stages.get(new Key(chain, stage));
        if (a == null) {
            return Window.EMPTY;
        }
        synchronized (a) {
            Window w = new Window(a.items, a.handling, a.wait);
            a.items = 0;
            a.handling = 0;
            a.wait = 0;
            return w;
        }
    }

    /** Forgets a chain's stages (it stopped or left this node). */
    public void forget(String chain) {
        stages.keySet().removeIf(k -> k.chain().equals(chain));
    }
}

package io.botgrid.workers.examples;

import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerContext;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

// docs/workers.md quotes this file: a worker function written against the SPI (botgrid-spi) alone.
/**
 * {@code uppercase}: emits its input in upper case, with an optional {@code suffix} setting; counts what it handled
 * in a plain field (one message at a time: no lock needed) and says so when it terminates.
 */
public final class Uppercase implements WorkerFunctionFactory {
    @Override
    public String name() {
        return "uppercase";
    }

    @Override
    public WorkerFunction create(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!key.equals("suffix")) {
                throw new InvalidWorkerSettingsException(key, "unknown setting (uppercase takes: suffix)");
            }
        }
        String suffix = settings.getOrDefault("suffix", "");
        return new WorkerFunction() {
            private String me;
            private long handled;

            @Override
            public void init(WorkerContext context) {
                me = context.workerId();
            }

            @Override
            public List<WorkerMessage> handle(WorkerMessage input) {
                handled++;
                if (input.text().isEmpty()) {
                    return List.of(); // filtered out
                }
                return List.of(input.withText(input.text().toUpperCase(Locale.ROOT) + suffix));
            }

            @Override
            public void terminate(TerminationReason reason) {
                System.getLogger("uppercase").log(System.Logger.Level.DEBUG,
                        me + " handled " + handled + " messages, ending: " + reason.kind());
            }
        };
    }
}

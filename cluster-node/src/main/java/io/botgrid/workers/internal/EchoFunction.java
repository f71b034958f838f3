package io.botgrid.workers.internal;

import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Map;

/** Built-in {@code echo}: emits its input unchanged. No settings. The reference for a chain hop's cost. */
final class EchoFunction implements WorkerFunction {
    @Override
    public List<WorkerMessage> handle(WorkerMessage input) {
        return List.of(input);
    }

    static final class Factory implements WorkerFunctionFactory {
        private static final EchoFunction INSTANCE = new EchoFunction();

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public WorkerFunction create(Map<String, String> settings) {
            if (!settings.isEmpty()) {
                throw new InvalidWorkerSettingsException(settings.keySet().iterator().next(),
                        "echo takes no settings");
            }
            return INSTANCE; // stateless: one instance serves all
        }
    }
}

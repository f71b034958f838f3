package io.botgrid.workers.spi;

/**
 * A worker function's settings are missing, unknown or malformed: thrown by {@link WorkerFunctionFactory#create}.
 * The node reports it as a bad spec naming the setting and the reason.
 */
public class InvalidWorkerSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String setting;
    private final String reason;

    /**
     * @param setting the offending key (empty when the problem is not one key)
     * @param reason what is wrong, e.g. "must be a whole number of milliseconds, got 'abc'"
     */
    public InvalidWorkerSettingsException(String setting, String reason) {
        super(setting.isEmpty() ? reason : "setting '" + setting + "': " + reason);
        this.setting = setting;
        this.reason = reason;
    }

    public String setting() {
        return setting;
    }

    public String reason() {
        return reason;
    }
}

package io.botgrid.node.internal;

import io.botgrid.node.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the node's OpenTelemetry from its {@link TracingConfig} and the standard {@code OTEL_*} environment
 * variables, with OpenTelemetry's own autoconfiguration: the YAML keys are defaults that the environment and
 * {@code otel.*} system properties override. With the exporter {@code none} (the default) the node runs on the no-op
 * API, so tracing costs nothing; otherwise on an SDK with a batch span processor and a parent-based ratio sampler.
 * Only traces are configured: metrics and logs exporters stay off unless the environment asks for them.
 */
public final class NodeTracing implements AutoCloseable {
    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final OpenTelemetry workers;
    private final OpenTelemetrySdk workersSdk;

    private NodeTracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, OpenTelemetry workers,
                        OpenTelemetrySdk workersSdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.workers = workers;
        this.workersSdk = workersSdk;
    }

    private NodeTracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this(openTelemetry, sdk, openTelemetry, null);
    }

    /** From the node's keys and the process's environment and system properties. */
    public static NodeTracing create(TracingConfig config) {
        return create(config, System::getenv, null);
    }

    /**
     * As {@link #create(TracingConfig)}, feeding the chain stages' spans to the autoscaler's processor: with an
     * exporter, the node's SDK carries the processor (and records stage spans the sampler drops, without exporting
     * them); without one, the workers get a private SDK that only aggregates (nothing is exported), while every other
     * component stays on the no-op API.
     */
    public static NodeTracing create(TracingConfig config, StageSpanProcessor stages) {
        return create(config, System::getenv, stages);
    }

    static NodeTracing create(TracingConfig config, Function<String, String> env) {
        return create(config, env, null);
    }

    /** With the environment handed in, so a test can set {@code OTEL_*} variables. */
    static NodeTracing create(TracingConfig config, Function<String, String> env, StageSpanProcessor stages) {
        String exporter = firstSet(System.getProperty("otel.traces.exporter"), env.apply("OTEL_TRACES_EXPORTER"),
                config.exporter());
        String disabled = firstSet(System.getProperty("otel.sdk.disabled"), env.apply("OTEL_SDK_DISABLED"), "false");
        if ("none".equals(exporter.trim().toLowerCase(Locale.ROOT)) || "true".equalsIgnoreCase(disabled.trim())) {
            if (stages == null) {
                return new NodeTracing(OpenTelemetry.noop(), null);
            }
            OpenTelemetrySdk local = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .setSampler(Sampler.alwaysOn()).addSpanProcessor(stages).build()).build();
            return new NodeTracing(OpenTelemetry.noop(), null, local, local);
        }
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.traces.exporter", config.exporter());
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        defaults.put("otel.service.name", "botgrid");
        defaults.put("otel.resource.attributes", "service.instance.id=" + config.serviceInstance());
        defaults.put("otel.traces.sampler", "parentbased_traceidratio");
        defaults.put("otel.traces.sampler.arg", Double.toString(config.sampleRatio()));
        defaults.put("otel.exporter.otlp.protocol", "grpc");
        if (config.endpoint() != null) {
            defaults.put("otel.exporter.otlp.endpoint", config.endpoint());
        }
        AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults);
        if (stages != null) {
            builder.addSamplerCustomizer((sampler, properties) -> StageSpanProcessor.recordingStages(sampler))
                    .addTracerProviderCustomizer((provider, properties) -> provider.addSpanProcessor(stages));
        }
        OpenTelemetrySdk sdk = builder
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new NodeTracing(sdk, sdk);
    }

    /** The caller's OpenTelemetry, which the node uses but does not close. */
    public static NodeTracing of(OpenTelemetry openTelemetry) {
        return new NodeTracing(openTelemetry, null);
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "none";
    }

    /**
     * What the workers engine records its chain stage spans with: the node's own when it traces, or a private SDK
     * whose only processor is the autoscaler's (so stage latency is measured even when tracing is off).
     */
    public OpenTelemetry workersOpenTelemetry() {
        return workers;
    }

    /** What the node's components record their spans with. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Flushes and stops the exporter the node built (nothing for the no-op). */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
        if (workersSdk != null) {
            workersSdk.close();
        }
    }
}

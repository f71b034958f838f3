/**
 * The chain autoscaler: for each chain stage with an {@link io.botgrid.workers.AutoscalePolicy}, reads the stage's
 * latency (from its spans, aggregated in-process by {@link io.botgrid.workers.autoscale.StageLatencies}) and backlog,
 * and sets its instance count on the node that runs the chain. The rule itself is the pure
 * {@link io.botgrid.workers.autoscale.ScalingRule}; {@link io.botgrid.workers.autoscale.Autoscaler} drives it on the
 * node's scheduler and reports every decision as an event, a metric and a log line.
 */
package io.botgrid.workers.autoscale;

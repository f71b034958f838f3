/**
 * The machinery behind the telemetry API: the sampled-events buffer and its flusher. Only the telemetry package and
 * the node's composition root use it.
 */
package io.botgrid.telemetry.internal;

/**
 * Small mechanisms every part of a node needs exactly once: named daemon threads ({@link io.botgrid.util.DaemonThreads}),
 * a compare-and-set lifecycle ({@link io.botgrid.util.Lifecycle}) and an injectable monotonic clock
 * ({@link io.botgrid.util.Ticker}). They live here so each is written, reviewed and tested once instead of being
 * re-implemented by hand in every component that owns threads or a start/stop cycle.
 */
package io.botgrid.util;

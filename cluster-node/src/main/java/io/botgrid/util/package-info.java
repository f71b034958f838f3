/**
 * Small mechanisms every part of a node needs exactly once: named daemon threads ({@link io.botgrid.util.DaemonThreads}),
 * a compare-and-set lifecycle ({@link io.botgrid.util.Lifecycle}), an injectable monotonic clock
 * ({@link io.botgrid.util.Ticker}) and the registration of an Ignite continuous query that survives a topology change
 * at start ({@link io.botgrid.util.ContinuousQueries}) and a common fork-join pool that reuses its threads on small
 * machines ({@link io.botgrid.util.CommonPool}). They live here so each is written, reviewed and tested once
 * instead of being re-implemented by hand in every component that owns threads, a start/stop cycle or a query.
 */
package io.botgrid.util;

/**
 * Load drivers for Botgrid's benchmark workloads (see {@code docs/benchmarks.md}): W0 routing, W1 event-sourced
 * (LOG_ONLY and FSYNC WAL), W2 recovery, and a raw Ignite put baseline measured in the same run.
 */
package io.botgrid.bench;

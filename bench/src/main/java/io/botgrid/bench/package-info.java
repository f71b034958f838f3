/**
 * Load drivers for Botgrid's benchmark workloads (see {@code docs/benchmarks.md}): W0 routing, W1 event-sourced
 * (LOG_ONLY and FSYNC WAL), W2 recovery, W3 gRPC front, and a raw Ignite put baseline measured in the same run. Each
 * is a {@link io.botgrid.bench.Workload} (or a {@link io.botgrid.bench.ClusterWorkload} sharing a cluster) planned
 * by {@link io.botgrid.bench.WorkloadDriver}; only {@link io.botgrid.bench.BenchInternals} touches runtime internals.
 */
package io.botgrid.bench;

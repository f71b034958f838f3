/** The cluster side of workers on Ignite: spec store, assignments, reconciliation, compute jobs. */
package io.botgrid.workers.cluster.internal;

/**
 * The cluster-wide registry of names: a worker, or any process that wants to be found, registers a name on the node
 * it runs on; anyone looks it up or lists names by prefix or tag. A name has exactly one holder at a time (two nodes
 * registering the same name concurrently get one winner), and it disappears when its holder unregisters, when its
 * process dies (the supervisor unregisters it), or when its node leaves or fails (the surviving nodes clean up, and
 * a lookup never returns an entry whose node is gone). Every change is reported to a {@link RegistryListener}, for
 * telemetry.
 *
 * <p>The Ignite implementation is in {@code io.botgrid.registry.internal}; only the composition root builds it.
 */
package io.botgrid.registry;

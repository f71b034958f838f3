/** The registry on Ignite: an in-memory replicated cache of names, cleaned up on node departures. */
package io.botgrid.registry.internal;

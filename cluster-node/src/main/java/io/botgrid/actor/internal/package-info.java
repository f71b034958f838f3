/**
 * The actor runtime's machinery: activations and their mailboxes, routing between nodes, the group-commit journal,
 * snapshots, the activation directory and reminders, all on Apache Ignite. Not API: types here change without
 * notice; use {@code io.botgrid.actor} and {@code io.botgrid.node}.
 */
package io.botgrid.actor.internal;

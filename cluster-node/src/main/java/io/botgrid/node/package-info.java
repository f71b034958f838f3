/**
 * A Botgrid node: {@link io.botgrid.node.BotgridNode} starts Ignite and the actor runtime from a
 * {@link io.botgrid.node.NodeConfig}. The Ignite wiring lives in {@code io.botgrid.node.internal}.
 */
package io.botgrid.node;

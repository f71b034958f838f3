/** How a node wires Ignite: configuration, logging, activation and baseline. Not API. */
package io.botgrid.node.internal;

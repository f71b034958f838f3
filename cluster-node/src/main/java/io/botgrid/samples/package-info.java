/** Small behaviours that ship with the node, so a fresh node has something to call. */
package io.botgrid.samples;

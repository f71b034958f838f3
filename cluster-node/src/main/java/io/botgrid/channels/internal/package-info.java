/**
 * Protocol machinery behind {@code io.botgrid.channels}: the node's HTTP endpoint for platform callbacks and the
 * pieces shared by the Slack ({@code .slack}) and generic webhook ({@code .webhook}) channels. Not API.
 */
package io.botgrid.channels.internal;

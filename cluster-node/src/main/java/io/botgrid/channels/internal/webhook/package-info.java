/**
 * The generic webhook channel: Botgrid's own signed JSON protocol for services that are not a chat platform, in
 * both directions. Not API.
 */
package io.botgrid.channels.internal.webhook;

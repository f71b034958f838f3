/**
 * The Slack channel: verifying and parsing Events API callbacks, mapping them to Botgrid messages, and posting
 * replies with the Web API. Not API.
 */
package io.botgrid.channels.internal.slack;

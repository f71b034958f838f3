/**
 * The built-in handlers ({@code echo}, {@code rules}, {@code webhook}), the settings reader that keeps line numbers
 * for their error messages, and plugin loading. Not API: bots reach these only by name through
 * {@link io.botgrid.bots.handlers.HandlerRegistry}.
 */
package io.botgrid.bots.handlers.internal;

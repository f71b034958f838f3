/**
 * The {@code botgrid} command line: {@code botgrid node start} and its options, and the client commands over the
 * Java SDK ({@code cluster}, {@code actor}, {@code bots}, {@code chat}).
 */
package io.botgrid.cli;

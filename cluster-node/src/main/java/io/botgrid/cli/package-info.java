/** The {@code botgrid} command line: {@code botgrid node start} and its options. */
package io.botgrid.cli;

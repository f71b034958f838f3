/**
 * Value syntax shared by every component's settings (durations), free of any component so that none has to depend
 * on the node to read its own settings.
 */
package io.botgrid.config;

/**
 * The deployed plugins' machinery: the replicated cache ({@code PluginStore}), the checks of an upload
 * ({@code PluginJarCheck}), the node-local copies and class loaders with their leases ({@code PluginDeployer}) and the
 * catalog that ties them to the cluster ({@code IgnitePluginCatalog}). Not API.
 */
package io.botgrid.bots.plugins.internal;

/**
 * Handler plugins deployed to the running cluster: {@link io.botgrid.bots.plugins.PluginCatalog} stores versions of
 * plugin jars cluster-wide and lists how they loaded; every node loads each version in its own class loader. A jar
 * may also (or only) provide worker functions, which the workers engine leases through
 * {@link io.botgrid.workers.PluginFunctions}.
 *
 * <p>Why apart from {@code bots.handlers}: the registry only needs to lease a version per message (its
 * {@code PluginPort}); storing, checking, copying and loading jars, and following the cluster's changes, live here,
 * behind this package's small API, with the Ignite side in {@code internal}.
 */
package io.botgrid.bots.plugins;

/** The audit log on Ignite: the {@code botgrid-audit} cache, its time-ordered keys, paging and the retention sweep. */
package io.botgrid.audit.internal;

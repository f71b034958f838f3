/**
 * The audit log: a durable record of every management action and every call refused for its token or role (who,
 * what, when, from where, with which result), kept for a retention period and read newest first. {@link
 * io.botgrid.audit.AuditLog} is the port the gRPC front records into and reads from; its Ignite implementation lives
 * in {@code internal}.
 */
package io.botgrid.audit;

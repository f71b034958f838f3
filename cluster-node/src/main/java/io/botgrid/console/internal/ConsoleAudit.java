package io.botgrid.console.internal;

import io.botgrid.audit.AuditEntry;
import io.botgrid.audit.AuditLog;

/**
 * Records sign-ins and changes made through the console in the node's audit log, as the gRPC front records its
 * management calls: the actor, the role, an action named {@code Console/<Action>}, the target, the remote address and
 * a result in the gRPC front's vocabulary ({@code OK}, {@code PERMISSION_DENIED}, ...), so one query finds both.
 */
final class ConsoleAudit {
    private final AuditLog log;
    private final String node;

    ConsoleAudit(AuditLog log, String node) {
        this.log = log;
        this.node = node;
    }

    void record(String actor, String role, String action, String target, String remote, String result,
                String message) {
        try {
            log.record(new AuditEntry("", log.clock().instant(), actor, role, "Console/" + action, target, remote,
                    result, message, node));
        } catch (RuntimeException e) {
            // the log counts what it cannot store (botgrid_audit_entries_lost_total); a page still answers
        }
    }

    void record(Viewer viewer, String action, String target, String remote, String result, String message) {
        record(viewer.name(), viewer.role().label(), action, target, remote, result, message);
    }
}

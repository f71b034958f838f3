package io.botgrid.console.internal;

import io.botgrid.proto.v1.InstanceStatus;
import io.botgrid.proto.v1.ScalingDecision;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.workers.cluster.SpecRecord;
import io.botgrid.workers.cluster.WorkerCluster;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Workers and chains: every spec, where it runs, its instances per stage with their backlog (queued items), and the
 * chain autoscaler's last decisions with their reasons — the same status the gRPC front's {@code GetStatus} gives.
 */
final class WorkerPages {
    private final Supplier<WorkerCluster> workers;
    private final String node;

    WorkerPages(Supplier<WorkerCluster> workers, String node) {
        this.workers = workers;
        this.node = node;
    }

    void page(Exchange ex, Viewer viewer) throws IOException {
        WorkerCluster cluster = Futures.service(workers, "workers are");
        List<SpecRecord> specs;
        try {
            specs = cluster.specs();
        } catch (RuntimeException e) {
            throw Futures.refusal(e);
        }
        List<SpecStatus> statuses = Futures.await(cluster.status(Optional.empty()));
        StringBuilder b = new StringBuilder("<table id=\"specs\"><thead><tr><th>Spec</th><th>Kind</th><th>Version</th>"
                + "<th>Source</th></tr></thead><tbody>");
        for (SpecRecord r : specs) {
            b.append("<tr><td>").append(Html.esc(r.spec().id())).append("</td><td>")
                    .append(Html.esc(r.spec().getClass().getSimpleName().replace("Spec", "").toLowerCase(Locale.ROOT)))
                    .append("</td><td>").append(r.version()).append("</td><td>").append(Html.esc(r.source()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        for (SpecStatus s : statuses) {
            b.append("<section class=\"spec\" data-spec=\"").append(Html.esc(s.getSpecId())).append("\"><h2>")
                    .append(Html.esc(s.getSpecId())).append(" on ").append(Html.esc(s.getNode().isEmpty() ? "no node"
                            : s.getNode())).append(" — ").append(Html.esc(s.getState())).append("</h2>");
            if (!s.getLastError().isEmpty()) {
                b.append("<p class=\"error\">").append(Html.esc(s.getLastError())).append("</p>");
            }
            b.append("<table class=\"stages\"><thead><tr><th>Stage</th><th>Instances</th><th>Backlog</th>")
                    .append("<th>Processed</th><th>Failed</th></tr></thead><tbody>");
            for (var e : stages(s.getInstancesList()).entrySet()) {
                long[] v = e.getValue();
                b.append("<tr><td>").append(Html.esc(e.getKey())).append("</td><td>").append(v[0]).append("</td><td>")
                        .append(v[1]).append("</td><td>").append(v[2]).append("</td><td>").append(v[3])
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
            if (s.getScalingDecisionsCount() > 0) {
                b.append("<h3>Autoscaler's last decisions</h3><table class=\"decisions\"><thead><tr><th>At</th>")
                        .append("<th>Stage</th><th>Action</th><th>Instances</th><th>Backlog</th><th>Reason</th></tr>")
                        .append("</thead><tbody>");
                for (ScalingDecision d : s.getScalingDecisionsList()) {
                    b.append("<tr><td>").append(Html.time(d.getAt())).append("</td><td>").append(Html.esc(d.getStage()))
                            .append("</td><td>").append(Html.esc(d.getAction())).append("</td><td>")
                            .append(d.getFromInstances()).append(" → ").append(d.getToInstances()).append("</td><td>")
                            .append(d.getBacklog()).append("</td><td>").append(Html.esc(d.getReason()))
                            .append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
            b.append("</section>");
        }
        if (specs.isEmpty() && statuses.isEmpty()) {
            b.append("<p id=\"no-workers\">No workers or chains are declared.</p>");
        }
        ex.html(200, Html.page("Workers & chains", node, viewer, b.toString()));
    }

    /** Instances grouped by stage (a chain's instance ids are {@code stage#n}): count, backlog, processed, failed. */
    private static Map<String, long[]> stages(List<InstanceStatus> instances) {
        Map<String, long[]> stages = new TreeMap<>();
        for (InstanceStatus i : instances) {
            int hash = i.getId().indexOf('#');
            String stage = hash < 0 ? i.getId() : i.getId().substring(0, hash);
            long[] v = stages.computeIfAbsent(stage, k -> new long[4]);
            v[0]++;
            v[1] += i.getQueueDepth();
            v[2] += i.getProcessed();
            v[3] += i.getFailed();
        }
        return stages;
    }
}

package io.botgrid.console.internal;

import io.botgrid.cluster.ClusterAdmin;
import io.botgrid.cluster.NodeState;
import io.botgrid.cluster.NodeStatus;
import io.botgrid.cluster.PartitionMap;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster page: every node with its region, zone, readiness, the partitions it owns and its load (live actors),
 * and the charts of this node's key rates; both parts refresh themselves every two seconds (htmx polling of the
 * fragments), so a node that dies shows as offline without a reload.
 */
final class ClusterPages {
    private final ClusterAdmin cluster;
    private final RateCharts charts;
    private final String node;

    ClusterPages(ClusterAdmin cluster, RateCharts charts, String node) {
        this.cluster = cluster;
        this.charts = charts;
        this.node = node;
    }

    void page(Exchange ex, Viewer viewer) throws IOException {
        String body = "<section><h2>Nodes</h2><div hx-get=\"/console/cluster/nodes\" hx-trigger=\"every 2s\" "
                + "hx-swap=\"innerHTML\">" + nodesFragment() + "</div></section>"
                + "<section><h2>Key rates on node " + Html.esc(node) + "</h2><div hx-get=\"/console/cluster/charts\" "
                + "hx-trigger=\"every 2s\" hx-swap=\"innerHTML\">" + charts.render() + "</div></section>";
        ex.html(200, Html.page("Cluster", node, viewer, body));
    }

    void nodes(Exchange ex) throws IOException {
        ex.html(200, nodesFragment());
    }

    void charts(Exchange ex) throws IOException {
        ex.html(200, charts.render());
    }

    private String nodesFragment() {
        List<NodeStatus> nodes = Futures.await(cluster.nodes());
        Map<String, Long> partitions;
        int total;
        try {
            PartitionMap map = cluster.partitionMap();
            total = map.partitionCount();
            // the map names owners by their gRPC address, as the SDK routes by it
            partitions = map.owners().stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
        } catch (RuntimeException e) {
            total = 0;
            partitions = Map.of();
        }
        StringBuilder b = new StringBuilder("<table id=\"nodes\"><thead><tr><th>Node</th><th>Region</th><th>Zone</th>"
                + "<th>Readiness</th><th>Partitions (of " + total + ")</th><th>Live actors</th><th>gRPC</th>"
                + "</tr></thead><tbody>");
        for (NodeStatus n : nodes) {
            String readiness = n.state() == NodeState.SERVING ? "ready"
                    : n.offlineSince().map(t -> "offline since " + Html.time(t)).orElse(n.state().name()
                    .toLowerCase(java.util.Locale.ROOT));
            b.append("<tr data-node=\"").append(Html.esc(n.id())).append("\" data-state=\"")
                    .append(Html.esc(n.state().name())).append("\" class=\"").append(n.state() == NodeState.SERVING
                            ? "ok" : "bad").append("\"><td>").append(Html.esc(n.id()))
                    .append(n.id().equals(node) ? " (this node)" : "").append("</td><td>")
                    .append(Html.esc(n.region())).append("</td><td>").append(Html.esc(n.zone())).append("</td><td>")
                    .append(Html.esc(readiness)).append("</td><td class=\"partitions\">")
                    .append(n.grpcAddress().isEmpty() ? "–" : partitions.getOrDefault(n.grpcAddress(), 0L))
                    .append("</td><td>").append(n.activeActors()).append("</td><td>").append(Html.esc(n.grpcAddress()))
                    .append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}

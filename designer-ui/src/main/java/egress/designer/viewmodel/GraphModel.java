package egress.designer.viewmodel;

import egress.policy.match.ReachGraph;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may reach what: service accounts (column 0) to Egress policies (column 1) to destinations (column 2,
 * {@code host:port} or {@code cidr:port}), each edge carrying the port's protocol.
 */
public record GraphModel(List<Node> nodes, List<Edge> edges) {
    public static final GraphModel EMPTY = new GraphModel(List.of(), List.of());

    public GraphModel {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** A box in one of the three columns; {@code row} counts from 0 within the column. */
    public record Node(String id, String label, int column, int row) {}

    /** A line between two nodes; {@code protocol} is http, https, tcp, tcp-server-first or "" (source edges). */
    public record Edge(String from, String to, String protocol) {}

    /**
     * The graph of a set as {@code engine} compiles it: every Egress is a node, but only the edges the engine
     * builds are drawn (policy's {@link ReachGraph}).
     */
    public static GraphModel of(PolicySet set, Engine engine) {
        return of(set, ReachGraph.of(set, engine));
    }

    /** The graph of a set whose reach graph is already computed (a {@code Workbench}'s, cached per engine). */
    public static GraphModel of(PolicySet set, ReachGraph graph) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        int[] rows = new int[3];
        for (Egress e : set.egresses()) {
            add(nodes, rows, "policy:" + e.ref(), e.ref().toString(), 1);
        }
        Set<Edge> edges = new LinkedHashSet<>();
        for (ReachGraph.Edge r : graph.edges()) {
            String policy = "policy:" + r.policy();
            String sa = "sa:" + r.client();
            add(nodes, rows, sa, r.client().toString(), 0);
            edges.add(new Edge(sa, policy, ""));
            String label = r.destination() + ":" + r.port();
            String dest = "dest:" + label;
            add(nodes, rows, dest, label, 2);
            edges.add(new Edge(policy, dest, r.protocol()));
        }
        return new GraphModel(new ArrayList<>(nodes.values()), new ArrayList<>(edges));
    }

    private static void add(Map<String, Node> nodes, int[] rows, String id, String label, int column) {
        nodes.computeIfAbsent(id, k -> new Node(id, label, column, rows[column]++));
    }

    public int rows(int column) {
        int n = 0;
        for (Node x : nodes) {
            if (x.column() == column) {
                n++;
            }
        }
        return n;
    }
}

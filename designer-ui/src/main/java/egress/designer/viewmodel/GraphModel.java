package egress.designer.viewmodel;

import egress.policy.model.Egress;
import egress.policy.model.PolicySet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    public record Node(String id, String label, int column, int row) {
    }

    /** A line between two nodes; {@code protocol} is http, https, tcp, tcp-server-first or "" (source edges). */
    public record Edge(String from, String to, String protocol) {
    }

    public static GraphModel of(PolicySet set) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        int[] rows = new int[3];
        List<Edge> edges = new ArrayList<>();
        for (Egress e : set.egresses()) {
            String policy = "policy:" + e.ref();
            add(nodes, rows, policy, e.ref().toString(), 1);
            for (Egress.Source s : e.sources()) {
                String id = "sa:" + s.namespace() + "/" + s.name();
                add(nodes, rows, id, s.namespace() + "/" + s.name(), 0);
                edges.add(new Edge(id, policy, ""));
            }
            List<String> targets = new ArrayList<>(e.hosts());
            targets.addAll(e.ipAddresses());
            for (Egress.Port p : e.ports()) {
                String proto = p.protocol() == null ? "" : p.protocol().toLowerCase(Locale.ROOT);
                List<String> dests = targets.isEmpty() ? List.of("*") : targets;
                for (String t : dests) {
                    String label = t + ":" + p.number();
                    String id = "dest:" + label;
                    add(nodes, rows, id, label, 2);
                    edges.add(new Edge(policy, id, proto));
                }
            }
        }
        return new GraphModel(new ArrayList<>(nodes.values()), edges);
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

package egress.simulator.mesh;

import egress.policy.match.MeshScope;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which clients have in-mesh upstreams: a client has them when a Service in a monitored namespace
 * exists that is not its own (a Service whose selector picks the client's own pods is its own).
 * A client with mesh upstreams has an outbound listener, so a refusal is "closed", not "refused".
 */
final class MeshUpstreams {
    private record Svc(String namespace, Map<String, Object> selector) {}

    private record Workload(String namespace, String serviceAccount, Map<String, Object> labels) {}

    private final List<Svc> services = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();

    MeshUpstreams(List<Manifest> objects, MeshScope scope) {
        for (Manifest m : objects) {
            String ns = m.namespace() == null ? "default" : m.namespace();
            switch (m.kind() == null ? "" : m.kind()) {
                case "Service" -> {
                    if (scope.monitors(ns)) {
                        Map<String, Object> sel = Tree.map(m.content(), "spec.selector");
                        services.add(new Svc(ns, sel == null ? Map.of() : sel));
                    }
                }
                case "Pod" ->
                    workloads.add(new Workload(
                            ns,
                            account(Tree.string(m.content(), "spec.serviceAccountName")),
                            labels(Tree.map(m.content(), "metadata.labels"))));
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" ->
                    workloads.add(new Workload(
                            ns,
                            account(Tree.string(m.content(), "spec.template.spec.serviceAccountName")),
                            labels(Tree.map(m.content(), "spec.template.metadata.labels"))));
                default -> {}
            }
        }
    }

    boolean has(Identity client) {
        for (Svc s : services) {
            if (!ownService(s, client)) {
                return true;
            }
        }
        return false;
    }

    private boolean ownService(Svc s, Identity client) {
        if (!s.namespace.equals(client.namespace()) || s.selector.isEmpty()) {
            return false;
        }
        for (Workload w : workloads) {
            if (w.namespace.equals(client.namespace())
                    && w.serviceAccount.equals(client.name())
                    && w.labels.entrySet().containsAll(s.selector.entrySet())) {
                return true;
            }
        }
        return false;
    }

    private static String account(String sa) {
        return sa == null || sa.isEmpty() ? "default" : sa;
    }

    private static Map<String, Object> labels(Map<String, Object> l) {
        return l == null ? Map.of() : l;
    }
}

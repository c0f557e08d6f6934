package egress.designer.viewmodel;

import egress.policy.model.Egress;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.vocab.Namespaces;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clients whose decisions an edit can change, so that only their recorded requests are decided again. The
 * compiler selects Egress policies by client (a source's service account) and builds each client's tables from
 * its own policies only, so when every object that changed is an Egress, a client that none of them names (before
 * or after the edit) decides as before. Anything else that changed (a route group, a traffic setting, the
 * MeshConfig, a namespace) and an Egress whose name another Egress shares (the later one replaces the earlier) can
 * change any client: then the answer is "all".
 */
final class EditedClients {
    private EditedClients() {}

    /**
     * @param before the manifests last decided; manifests are immutable, so an unchanged object is the same object
     * @return the clients named by the changed Egresses, or null for every client
     */
    static Set<Identity> of(List<Manifest> before, List<Manifest> after) {
        List<Manifest> changed = new ArrayList<>();
        changed.addAll(missing(before, after));
        changed.addAll(missing(after, before));
        Map<String, Integer> beforeNames = names(before);
        Map<String, Integer> afterNames = names(after);
        Set<Identity> clients = new HashSet<>();
        for (Manifest m : changed) {
            if (!Egress.KIND.equals(m.kind())) {
                return null;
            }
            String key = key(m);
            if (beforeNames.getOrDefault(key, 0) > 1 || afterNames.getOrDefault(key, 0) > 1) {
                return null;
            }
            // read as the compiler reads it: namespaces defaulted as the workbench applies them, then the model
            for (Egress e : PolicySet.of(List.of(Namespaces.defaulted(m, Namespaces.DEFAULT)))
                    .egresses()) {
                for (Egress.Source s : e.sources()) {
                    if ("ServiceAccount".equals(s.kind()) && s.name() != null && s.namespace() != null) {
                        clients.add(new Identity(s.namespace(), s.name()));
                    }
                }
            }
        }
        return clients;
    }

    /** The objects of {@code from} that are not in {@code in}, compared by identity. */
    private static List<Manifest> missing(List<Manifest> from, List<Manifest> in) {
        Set<Manifest> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(in);
        return from.stream().filter(m -> !present.contains(m)).toList();
    }

    /** How many Egresses have each namespace/name. */
    private static Map<String, Integer> names(List<Manifest> manifests) {
        Map<String, Integer> out = new HashMap<>();
        for (Manifest m : manifests) {
            if (Egress.KIND.equals(m.kind())) {
                out.merge(key(m), 1, Integer::sum);
            }
        }
        return out;
    }

    private static String key(Manifest m) {
        String ns = m.namespace() == null || m.namespace().isEmpty() ? Namespaces.DEFAULT : m.namespace();
        return ns + "/" + m.name();
    }
}

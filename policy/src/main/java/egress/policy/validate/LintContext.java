package egress.policy.validate;

import egress.policy.i18n.Message;
import egress.policy.match.MeshScope;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.Position;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** What every lint needs: the set, the engine filter, where each object was written, and the output. */
final class LintContext {
    private final PolicySet set;
    private final Engine engine;
    private final MeshScope scope;
    private final Map<String, Manifest> byKey = new HashMap<>();
    private final List<Diagnostic> out = new ArrayList<>();

    LintContext(PolicySet set, Engine engine) {
        this.set = set;
        this.engine = engine;
        this.scope = MeshScope.of(set);
        for (Manifest m : set.manifests()) {
            byKey.putIfAbsent(key(m.kind(), new ObjectRef(m.namespace(), m.name())), m);
        }
    }

    PolicySet set() {
        return set;
    }

    /** Which namespaces the mesh monitors, as the set's Namespace manifests say. */
    MeshScope scope() {
        return scope;
    }

    List<Diagnostic> diagnostics() {
        return List.copyOf(out);
    }

    /** The manifest an object was read from, or null when the set was built in code. */
    Manifest manifest(String kind, ObjectRef ref) {
        return byKey.get(key(kind, ref));
    }

    Manifest manifest(Egress e) {
        return manifest(Egress.KIND, e.ref());
    }

    /** A warning that holds for both engines; the message's code is the lint's code ({@code EGR301}). */
    void warn(String kind, ObjectRef ref, String path, Message message) {
        warn(null, kind, ref, path, message);
    }

    /** A warning about one engine's behaviour; reported when that engine, or no engine, was asked for. */
    void warn(Engine only, String kind, ObjectRef ref, String path, Message message) {
        if (only != null && engine != null && only != engine) {
            return;
        }
        Manifest m = manifest(kind, ref);
        String code = message.code();
        out.add(
                m != null
                        ? Diagnostics.warning(m, path, message)
                        : new Diagnostic(
                                Severity.WARNING,
                                code,
                                "<memory>",
                                Position.UNKNOWN,
                                kind + " " + ref,
                                path,
                                message.english(),
                                message));
    }

    /**
     * The path of the first element of the list at {@code listPath} in the object's manifest that the
     * predicate accepts ({@code spec.ports[2]}), or the list's own path when it cannot be found.
     */
    String elementPath(String kind, ObjectRef ref, String listPath, Predicate<Object> which) {
        Manifest m = manifest(kind, ref);
        List<?> list = m == null ? null : Tree.list(m.content(), listPath);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                if (which.test(list.get(i))) {
                    return listPath + "[" + i + "]";
                }
            }
        }
        return listPath;
    }

    String portPath(Egress e, Egress.Port p) {
        return elementPath(
                Egress.KIND,
                e.ref(),
                "spec.ports",
                o -> o instanceof Map<?, ?> m
                        && m.get("number") instanceof Number n
                        && n.longValue() == p.number()
                        && Objects.equals(m.get("protocol"), p.protocol()));
    }

    String valuePath(Egress e, String listPath, Object value) {
        return elementPath(Egress.KIND, e.ref(), listPath, o -> Objects.equals(o, value));
    }

    private static String key(String kind, ObjectRef ref) {
        return kind + " " + ref;
    }
}

package egress.policy.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import egress.policy.yaml.Position;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldOrderTest {

    /** A new Egress with every field the form edits filled, as the designers fill it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fullEgress() {
        Map<String, Object> e = Templates.egress("httpbin-80", "curl");
        Map<String, Object> spec = Tree.map(e, "spec");
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", "ServiceAccount");
        source.put("name", "curl");
        source.put("namespace", "curl");
        spec.put("sources", new ArrayList<>(List.of(source)));
        spec.put("hosts", FieldText.LIST.value("httpbin.org, example.org"));
        spec.put("ipAddresses", FieldText.LIST.value("10.0.0.0/8"));
        ((List<Object>) Tree.list(e, "spec.ports")).add(Templates.newPort());
        spec.put("matches", new ArrayList<>(List.of(Templates.routeGroupRef("egress-http-route"))));
        return e;
    }

    static Map<String, Object> fullRouteGroup() {
        Map<String, Object> g = Templates.routeGroup("egress-http-route", "curl");
        @SuppressWarnings("unchecked")
        List<Object> matches = (List<Object>) Tree.list(g, "spec.matches");
        Map<String, Object> second = Templates.routeMatch(2);
        second.put("methods", FieldText.METHODS.value("get, post"));
        second.put("headers", FieldText.HEADERS.value("x-team: payments\nx-env: prod"));
        matches.add(second);
        return g;
    }

    @Test
    void everyFieldOfTheTemplatesIsLocatedInTheTextWrittenAndReadsBackTheSame() throws ManifestException {
        for (Map<String, Object> object : List.of(fullEgress(), fullRouteGroup())) {
            ManifestWriter.Written w = FieldOrder.write(object);
            String[] lines = w.text().split("\n", -1);
            List<String> leaves = new ArrayList<>();
            leaves(object, "", leaves);
            assertThat(leaves).hasSizeGreaterThan(8);
            for (String path : leaves) {
                assertThat(w.positions().has(path)).as(path).isTrue();
                Position p = w.positions().locate(path);
                String line = lines[p.line() - 1];
                String value = String.valueOf(Tree.get(object, path));
                assertThat(line.substring(p.column() - 1))
                        .as(path + " at " + p + " in\n" + w.text())
                        .startsWith(value);
                String key = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
                if (!path.endsWith("]")) {
                    assertThat(line.substring(0, p.column() - 1).trim())
                            .as(path)
                            .endsWith(key + ":");
                } else {
                    assertThat(line.substring(0, p.column() - 1).trim())
                            .as(path)
                            .isEqualTo("-");
                }
            }
            List<Manifest> again = ManifestReader.read("again.yaml", w.text());
            assertThat(again).hasSize(1);
            assertThat(again.get(0).content()).isEqualTo(Tree.freeze(longs(object)));
            assertThat(again.get(0).sourceMap().positions())
                    .isEqualTo(w.positions().positions());
        }
    }

    @Test
    void fieldsAreWrittenInTheSchemasOrderWithUnknownFieldsKeptAfterThem() throws ManifestException {
        Manifest scrambled = ManifestReader.read("scrambled.yaml", """
                kind: Egress
                spec:
                  matches:
                  - name: egress-http-route
                    kind: HTTPRouteGroup
                    apiGroup: specs.smi-spec.io/v1alpha4
                  ports:
                  - protocol: http
                    number: 80
                  hosts: [httpbin.org]
                  sources:
                  - namespace: curl
                    name: curl
                    kind: ServiceAccount
                  extra: kept
                metadata:
                  labels: {team: net}
                  namespace: curl
                  name: httpbin-80
                apiVersion: policy.openservicemesh.io/v1alpha1
                """).get(0);
        assertThat(FieldOrder.write(scrambled.content()).text()).isEqualTo("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata:
                  name: httpbin-80
                  namespace: curl
                  labels:
                    team: net
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: curl
                    namespace: curl
                  hosts:
                  - httpbin.org
                  ports:
                  - number: 80
                    protocol: http
                  matches:
                  - apiGroup: specs.smi-spec.io/v1alpha4
                    kind: HTTPRouteGroup
                    name: egress-http-route
                  extra: kept
                """);
    }

    /** The tree with its integers as the reader gives them (longs). */
    private static Object longs(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), longs(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(FieldOrderTest::longs).toList();
        }
        return value instanceof Integer i ? (Object) i.longValue() : value;
    }

    private static void leaves(Object value, String path, List<String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> leaves(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                leaves(l.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.add(path);
        }
    }
}

package egress.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    private static final String EGRESS = """
            kind: Egress
            apiVersion: policy.openservicemesh.io/v1alpha1
            metadata:
              name: httpbin-80
              namespace: curl
            spec:
              sources:
              - kind: ServiceAccount
                name: curl
                namespace: curl
              ports:
              - number: 80
                protocol: http
              - number: 443
                protocol: https
            """;

    @Test
    void everyFieldKeepsItsLineAndColumn() throws Exception {
        Manifest m = ManifestReader.read("egress.yaml", EGRESS).get(0);
        assertThat(m.position("spec.ports[1].protocol")).isEqualTo(new Position(15, 15));
        assertThat(m.position("spec.ports[0]")).isEqualTo(new Position(12, 5));
        assertThat(m.position("metadata.name")).isEqualTo(new Position(4, 9));
    }

    @Test
    void aMissingFieldIsLocatedAtItsNearestWrittenParent() throws Exception {
        Manifest m = ManifestReader.read("egress.yaml", EGRESS).get(0);
        assertThat(m.position("spec.hosts")).isEqualTo(m.position("spec"));
        assertThat(m.position("spec.ports[1].number.x")).isEqualTo(new Position(14, 13));
    }

    @Test
    void readsMultiDocumentYamlAndSkipsEmptyDocuments() throws Exception {
        List<Manifest> all =
                ManifestReader.read("two.yaml", EGRESS + "---\n---\n" + EGRESS.replace("httpbin-80", "other"));
        assertThat(all).extracting(Manifest::name).containsExactly("httpbin-80", "other");
        assertThat(all.get(1).position("metadata.name").line()).isEqualTo(21);
    }

    @Test
    void readsJsonAndExpandsListItems() throws Exception {
        String json = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "a", "namespace": "n"}},
                  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "b", "namespace": "n"}}
                ]}
                """;
        List<Manifest> all = ManifestReader.read("list.json", json);
        assertThat(all).extracting(Manifest::name).containsExactly("a", "b");
        assertThat(all.get(1).position("metadata.name")).isEqualTo(new Position(3, 71));
    }

    @Test
    void invalidYamlNamesFileLineAndColumn() {
        assertThatThrownBy(() -> ManifestReader.read("bad.yaml", "kind: Egress\nspec: [a, b\n"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("bad.yaml:3:1: invalid YAML");
    }

    @Test
    void aDuplicateKeyIsAnErrorAtTheSecondKey() {
        assertThatThrownBy(() -> ManifestReader.read("dup.yaml", "kind: Egress\nmetadata:\n  name: a\n  name: b\n"))
                .hasMessage("dup.yaml:4:3: metadata.name: duplicate key \"name\"");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsAnError() {
        assertThatThrownBy(() -> ManifestReader.read("s.yaml", "- a\n- b\n"))
                .hasMessage("s.yaml:1:1: expected an object (a YAML mapping), got a list");
    }

    @Test
    void writingBackKeepsUnknownKindsFieldsAndOrder() throws Exception {
        String text = """
                apiVersion: example.com/v1
                kind: Gadget
                metadata:
                  name: g
                  annotations:
                    note: kept
                spec:
                  zeta: 1
                  alpha: [x, y]
                """;
        List<Manifest> read = ManifestReader.read("g.yaml", text + "---\n" + EGRESS);
        String written = ManifestWriter.write(read);
        List<Manifest> again = ManifestReader.read("again.yaml", written);
        assertThat(again).hasSize(2);
        assertThat(again.get(0).content()).isEqualTo(read.get(0).content());
        assertThat(again.get(1).content()).isEqualTo(read.get(1).content());
        assertThat(written.indexOf("zeta")).isLessThan(written.indexOf("alpha"));
    }

    @Test
    void aFolderIsReadFileByFileInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yaml"), EGRESS.replace("httpbin-80", "b"));
        Files.writeString(
                dir.resolve("a.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        List<Manifest> all = ManifestReader.read(dir);
        assertThat(all).extracting(Manifest::name).containsExactly("a", "b");
        assertThat(all.get(1).source()).endsWith("b.yaml");
    }

    @Test
    void mergePatchFollowsRfc7386() {
        Object result = MergePatch.apply(
                Map.of("a", Map.of("b", 1, "c", 2), "l", List.of(1, 2)),
                Map.of("a", Map.of("b", 3), "l", List.of(9), "d", "x"));
        assertThat(result).isEqualTo(Map.of("a", Map.of("b", 3, "c", 2), "l", List.of(9), "d", "x"));
        java.util.Map<String, Object> removing = new java.util.HashMap<>();
        removing.put("a", null);
        assertThat(MergePatch.apply(Map.of("a", 1, "b", 2), removing)).isEqualTo(Map.of("b", 2));
    }

    /** 24 levels of two aliases each: 46 aliases (under SnakeYAML's count), 33 million nodes as a tree. */
    private static String aliasBomb() {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n");
        y.append("  a0: &a0 [x, y]\n");
        for (int i = 1; i <= 24; i++) {
            y.append("  a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        return y.toString();
    }

    /** The reader's refusal of a text; the timeout only guards against a hang, the read fails at once. */
    private static ManifestException refusal(String source, String text) {
        ManifestException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                ManifestReader.read(source, text);
                return null;
            } catch (ManifestException x) {
                return x;
            }
        });
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    @Test
    void anAliasBombIsRefusedAtTheAliasThatPassesTheBudget() {
        String bomb = aliasBomb();
        assertThat(bomb.length()).isLessThan(700);
        ManifestException e = refusal("bomb.yaml", bomb);
        assertThat(e.file()).isEqualTo("bomb.yaml");
        assertThat(e.position()).isEqualTo(new Position(19, 20)); // a14: [*a13, *a13], the second alias
        assertThat(e.reason()).contains("aliases expand to more than 100000 nodes", "*a13");
    }

    @Test
    void anAliasToItsOwnCollectionIsRefused() {
        String y = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r}\ndata: &d\n  x: [1, *d]\n";
        ManifestException e = refusal("r.yaml", y);
        assertThat(e.getMessage())
                .startsWith("r.yaml:5:10: invalid YAML: alias *d refers to a collection that" + " contains it");
    }

    @Test
    void ordinaryAliasesStillExpand() throws Exception {
        Manifest m = ManifestReader.read("a.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, labels: &l {app: curl, tier: web}}
                data: {copy: *l, name: &n curl, again: *n}
                """).get(0);
        assertThat(m.get("data.copy")).isEqualTo(Map.of("app", "curl", "tier", "web"));
        assertThat(m.get("data.again")).isEqualTo("curl");
    }

    @Test
    void aBudgetOfAliasesIsPerTextAndAnchorsEndWithTheirDocument() {
        assertThatThrownBy(() -> ManifestReader.read("d.yaml", "a: &x 1\n---\nb: *x\n"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("d.yaml:3:4: invalid YAML:");
    }
}

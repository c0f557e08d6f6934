package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which clients an edit can change: the ones its Egresses name, or every one when anything else changed. */
class EditedClientsTest {
    static Manifest egress(String name, String client, String host) throws ManifestException {
        String[] id = client.split("/");
        return ManifestReader.read(name + ".yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: %s, namespace: %s}
                spec:
                  sources: [{kind: ServiceAccount, name: %s, namespace: %s}]
                  hosts: [%s]
                  ports: [{number: 80, protocol: http}]
                """.formatted(name, id[0], id[1], id[0], host))
                .get(0);
    }

    static List<Manifest> set() throws ManifestException {
        List<Manifest> all = new ArrayList<>(DeployViewModelTest.samples("curl.yaml", "egress-httpbin-80-routes.yaml"));
        all.add(egress("team", "team/app", "api.example.com"));
        return all;
    }

    static List<Manifest> replaced(List<Manifest> set, int i, Manifest m) {
        List<Manifest> out = new ArrayList<>(set);
        out.set(i, m);
        return out;
    }

    static int indexOf(List<Manifest> set, String kind, String name) {
        for (int i = 0; i < set.size(); i++) {
            if (kind.equals(set.get(i).kind()) && name.equals(set.get(i).name())) {
                return i;
            }
        }
        throw new AssertionError(kind + " " + name);
    }

    @Test
    void anEgressEditChangesTheClientsItNamesBeforeAndAfter() throws ManifestException {
        List<Manifest> before = set();
        int team = indexOf(before, "Egress", "team");
        assertThat(EditedClients.of(before, before)).isEmpty();
        assertThat(EditedClients.of(before, replaced(before, team, egress("team", "team/app", "other.example.com"))))
                .containsExactly(new Identity("team", "app"));
        assertThat(EditedClients.of(before, replaced(before, team, egress("team", "curl/curl", "api.example.com"))))
                .containsExactlyInAnyOrder(new Identity("team", "app"), new Identity("curl", "curl"));
        List<Manifest> added = new ArrayList<>(before);
        added.add(egress("more", "more/app", "more.example.com"));
        assertThat(EditedClients.of(before, added)).containsExactly(new Identity("more", "app"));
        assertThat(EditedClients.of(added, before)).containsExactly(new Identity("more", "app"));
    }

    @Test
    void anythingButAnEgressOrANameTwoEgressesShareMayChangeEveryClient() throws ManifestException {
        List<Manifest> before = set();
        int routes = indexOf(before, "HTTPRouteGroup", "egress-http-route");
        List<Manifest> withoutRoutes = new ArrayList<>(before);
        withoutRoutes.remove(routes);
        assertThat(EditedClients.of(before, withoutRoutes)).isNull();
        // renamed onto curl/httpbin-80, the later of the two replaces it for curl/curl, which the edit never named
        int team = indexOf(before, "Egress", "team");
        assertThat(EditedClients.of(
                        before, replaced(before, team, egress("httpbin-80", "curl/other", "api.example.com"))))
                .isNull();
    }
}

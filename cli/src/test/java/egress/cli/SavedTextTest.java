package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.designer.viewmodel.DialogService;
import egress.designer.viewmodel.EgressFormViewModel;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.RouteGroupFormViewModel;
import egress.designer.viewmodel.UiText;
import egress.designer.viewmodel.WorkspaceViewModel;
import egress.fixtures.Project;
import egress.server.api.ApiServer;
import egress.server.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop app and the web designer save the same bytes for the same object: both write it through policy's
 * FieldOrder and ManifestWriter, and the web page saves the text the server keeps. The desktop side goes through
 * its view-models, the web side through the HTTP calls the page makes.
 */
class SavedTextTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path desktopFolder;

    @TempDir
    Path webFolder;

    EmbeddedCluster cluster;
    Workspace workspace;
    ApiServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace(webFolder);
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
    }

    @AfterEach
    void stop() {
        server.close();
        cluster.close();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.token())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return JSON.readValue(r.body(), Map.class);
    }

    Object field(String rule, String text) throws Exception {
        return call("POST", "/api/vocabulary/field", Map.of("rule", rule, "text", text))
                .get("value");
    }

    static WorkspaceViewModel desktop() {
        return new WorkspaceViewModel(new Messages(), new DialogService() {
            @Override
            public Optional<Path> chooseFolder(UiText title) {
                return Optional.empty();
            }

            @Override
            public List<Path> chooseFiles(UiText title) {
                return List.of();
            }

            @Override
            public boolean confirm(UiText question) {
                return false;
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSampleFileEditedInEachDesignerIsSavedAsTheSameBytesHeadingIncluded() throws Exception {
        Path sample = Project.sample("egress-httpbin-443.yaml");
        Files.copy(sample, desktopFolder.resolve("egress-httpbin-443.yaml"));
        Files.copy(sample, webFolder.resolve("egress-httpbin-443.yaml"));

        WorkspaceViewModel vm = desktop();
        vm.open(List.of(desktopFolder));
        vm.selectedProperty().set(vm.policies().get(0));
        vm.editor().egress().hostsProperty().set("httpbin.org\nexample.org");
        vm.save();

        workspace.load(egress.policy.yaml.ManifestReader.read(webFolder));
        Map<String, Object> view = call("GET", "/api/workspace/resources/Egress/curl/httpbin-443", null);
        Map<String, Object> content = (Map<String, Object>) view.get("content");
        ((Map<String, Object>) content.get("spec")).put("hosts", field("list", "httpbin.org\nexample.org"));
        call("POST", "/api/workspace/resources?replaces=Egress/curl/httpbin-443", content);
        call("POST", "/api/workspace/save", null);

        String desktopText = Files.readString(desktopFolder.resolve("egress-httpbin-443.yaml"));
        assertThat(desktopText).startsWith("# HTTPS egress").contains("- example.org");
        assertThat(Files.readString(webFolder.resolve("egress-httpbin-443.yaml")))
                .isEqualTo(desktopText);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEgressAndARouteGroupAuthoredInEachDesignerAreSavedAsTheSameBytes() throws Exception {
        WorkspaceViewModel vm = desktop();
        vm.open(List.of(desktopFolder));
        vm.newEgress();
        EgressFormViewModel form = vm.editor().egress();
        form.nameProperty().set("httpbin-80");
        form.namespaceProperty().set("curl");
        form.hostsProperty().set("httpbin.org, example.org");
        form.sourceToAddProperty().set("curl/curl");
        form.addSource();
        vm.newRouteGroup();
        RouteGroupFormViewModel routes = vm.editor().routeGroup();
        routes.nameProperty().set("egress-http-route");
        routes.namespaceProperty().set("curl");
        routes.matchNameProperty().set("get");
        routes.pathRegexProperty().set("/get");
        vm.save();

        // the web page's calls for the same edits: template, field rules, then PUT the edited content and save
        Map<String, Object> egress =
                call("POST", "/api/vocabulary/template", Map.of("kind", "Egress", "namespace", "curl"));
        ((Map<String, Object>) egress.get("metadata")).put("name", "httpbin-80");
        Map<String, Object> spec = (Map<String, Object>) egress.get("spec");
        spec.put("hosts", field("list", "httpbin.org, example.org"));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", "ServiceAccount");
        source.put("name", "curl");
        source.put("namespace", "curl");
        ((List<Object>) spec.get("sources")).add(source);
        call("PUT", "/api/workspace/resources/Egress/curl/httpbin-80", egress);
        Map<String, Object> group =
                call("POST", "/api/vocabulary/template", Map.of("kind", "HTTPRouteGroup", "namespace", "curl"));
        ((Map<String, Object>) group.get("metadata")).put("name", "egress-http-route");
        Map<String, Object> match =
                (Map<String, Object>) ((List<Object>) ((Map<String, Object>) group.get("spec")).get("matches")).get(0);
        match.put("name", "get");
        match.put("pathRegex", "/get");
        call("PUT", "/api/workspace/resources/HTTPRouteGroup/curl/egress-http-route", group);
        assertThat((List<String>) call("POST", "/api/workspace/save", null).get("saved"))
                .containsExactlyInAnyOrder("egress-httpbin-80.yaml", "httproutegroup-egress-http-route.yaml");

        List<String> desktopFiles = new ArrayList<>();
        try (var files = Files.list(desktopFolder)) {
            files.forEach(f -> desktopFiles.add(f.getFileName().toString()));
        }
        assertThat(desktopFiles).contains("egress-httpbin-80.yaml");
        assertThat(Files.readString(webFolder.resolve("egress-httpbin-80.yaml")))
                .isEqualTo(Files.readString(desktopFolder.resolve("egress-httpbin-80.yaml")));
        String desktopRoutes = desktopFiles.stream()
                .filter(f -> f.contains("egress-http-route"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readString(webFolder.resolve("httproutegroup-egress-http-route.yaml")))
                .isEqualTo(Files.readString(desktopFolder.resolve(desktopRoutes)));
    }
}

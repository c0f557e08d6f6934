package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import egress.fixtures.Project;
import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Tree;
import egress.server.api.ApiServer;
import egress.server.workspace.ResourceKey;
import egress.server.workspace.Workspace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The guide's walkthrough in the web designer, in a real browser against the real ApiServer and an embedded
 * cluster: author httpbin-80 through the forms, simulate, add the route group, run tests, deploy, switch to
 * Japanese. One browser for the whole scenario; the steps run in order and share the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebDesignerBrowserTest {
    EmbeddedCluster cluster;
    ApiServer server;
    Workspace workspace;
    ChromeDriver driver;
    WebDriverWait wait;

    static Path samples() {
        return Project.samples();
    }

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace();
        for (String file : List.of("curl.yaml", "egress-httpbin-443.yaml")) {
            ManifestReader.read(samples().resolve(file)).forEach(workspace::put);
        }
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        driver = Browser.start(1440, 900);
        wait = Browser.waiting(driver, 20);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    String yaml() {
        return (String) driver.executeScript("return window.egressDesigner.yamlText();");
    }

    void waitForYaml(String text) {
        Browser.waiting(driver, 20)
                .withMessage(() -> "YAML pane should contain " + text + " but was:\n" + yaml())
                .until(d -> yaml().contains(text));
    }

    long updates() {
        return ((Number) driver.executeScript("return window.egressDesigner.store.updates;")).longValue();
    }

    /**
     * Replaces a field's text and commits it with Tab (one change event; clear() would fire one of its own),
     * then waits for the save and validation it starts.
     */
    void type(String id, String text) {
        long before = updates();
        WebElement field = driver.findElement(By.id(id));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
        wait.until(d -> updates() > before && !idle().isEmpty());
    }

    String idle() {
        return (String) driver.executeScript("return document.body.classList.contains('busy') ? '' : 'idle';");
    }

    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    void simulate(String from, String curl) {
        WebElement source = driver.findElement(By.id("sim-from"));
        source.clear();
        source.sendKeys(from);
        WebElement line = driver.findElement(By.id("sim-curl"));
        line.clear();
        line.sendKeys(curl);
        String before = driver.findElement(By.id("sim-explain")).getAttribute("textContent");
        click("sim-run");
        wait.until(d ->
                !d.findElement(By.id("sim-explain")).getAttribute("textContent").equals(before));
    }

    @Test
    @Order(1)
    void opensWithTheTokenFromThePrintedAddressAndStripsIt() throws Exception {
        driver.get(server.pageUrl());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(driver.getCurrentUrl()).doesNotContain("token").isEqualTo(server.url() + "/");
        assertThat(driver.findElement(By.id("policy-list")).getText()).contains("httpbin-443");
        driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-443']"))
                .click();
        waitForYaml("name: httpbin-443");
        wait.until(d -> d.findElement(By.id("f-hosts")).getAttribute("value").equals("httpbin.org"));
        Browser.screenshot(driver, "01-list-and-editor");
    }

    @Test
    @Order(2)
    void buildsTheGuidesHttpbin80PolicyThroughTheForms() throws Exception {
        long before = updates();
        click("new-egress");
        wait.until(d -> updates() > before);
        waitForYaml("name: new-egress");
        type("f-name", "httpbin-80");
        waitForYaml("name: httpbin-80");
        assertThat(yaml()).contains("namespace: curl");

        new Select(driver.findElement(By.id("f-source-pick"))).selectByValue("curl/curl");
        long beforeSource = updates();
        click("f-source-add");
        wait.until(d -> updates() > beforeSource);
        waitForYaml("- kind: ServiceAccount\n    name: curl\n    namespace: curl");

        // a list field splits on commas as well as lines, as the desktop app's does (one rule, in policy)
        type("f-hosts", "httpbin.org, example.org");
        waitForYaml("hosts:\n  - httpbin.org\n  - example.org\n");
        type("f-hosts", "httpbin.org");
        waitForYaml("hosts:\n  - httpbin.org\n  ports");
        assertThat(yaml()).contains("- number: 80\n    protocol: http");

        // an admission error shows on the field and on its YAML line, and goes away when fixed
        type("f-port-0-number", "0");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "[data-path='spec.ports[0]'] .field-error, [data-path='spec.ports[0].number'] .field-error")));
        WebElement marker = driver.findElement(By.cssSelector("#yaml-editor .diag-marker.error"));
        assertThat(marker.getAttribute("title")).contains("spec.ports[0].number");
        WebElement markedLine = driver.findElement(By.cssSelector("#yaml-editor .cm-line-error"));
        assertThat(markedLine.getText()).contains("number: 0");
        assertThat(driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-80'] .badge.error"))
                        .getText())
                .isEqualTo("1");
        Browser.screenshot(driver, "02-admission-error");

        type("f-port-0-number", "80");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#object-form .field-error"), 0));
        assertThat(driver.findElements(By.cssSelector("#yaml-editor .diag-marker.error")))
                .isEmpty();
        assertThat(yaml()).isEqualTo("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata:
                  name: httpbin-80
                  namespace: curl
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
                """);
        Browser.screenshot(driver, "02-egress-form");
    }

    @Test
    @Order(3)
    void theYamlPaneEditsTheFormToo() {
        WebElement code = driver.findElement(By.cssSelector("#yaml-editor .CodeMirror"));
        driver.executeScript(
                "arguments[0].CodeMirror.setValue(arguments[1]);",
                code,
                yaml().replace("- httpbin.org", "- httpbin.org\n  - example.org"));
        wait.until(d -> d.findElement(By.id("f-hosts")).getAttribute("value").equals("httpbin.org\nexample.org"));
        long before = updates();
        driver.executeScript(
                "arguments[0].CodeMirror.setValue(arguments[1]);", code, yaml().replace("\n  - example.org", ""));
        wait.until(d -> updates() > before
                && d.findElement(By.id("f-hosts")).getAttribute("value").equals("httpbin.org"));
    }

    @Test
    @Order(4)
    void simulatesTheGuidesCurlAndHighlightsTheDecidingRule() throws Exception {
        simulate("curl/curl", "curl -sI http://httpbin.org:80/get");
        assertThat(driver.findElement(By.id("sim-verdict")).getText()).isEqualTo("Allowed");
        assertThat(driver.findElement(By.id("sim-output")).getText()).startsWith("HTTP/1.1 200 OK");
        assertThat(driver.findElement(By.id("sim-rule")).getText())
                .contains("Egress curl/httpbin-80")
                .contains("spec.ports[0]");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#object-form .port-row.decided[data-path='spec.ports[0]']")));
        assertThat(driver.findElement(By.cssSelector("#yaml-editor .cm-line-decided"))
                        .getText())
                .contains("number: 80");
        assertThat(driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-80']"))
                        .getAttribute("class"))
                .contains("decided");
        Browser.screenshot(driver, "03-simulation-allowed");

        simulate("curl/curl", "curl -sI http://httpbin.org:8080/get");
        assertThat(driver.findElement(By.id("sim-verdict")).getText()).isEqualTo("Refused");
        assertThat(driver.findElement(By.id("sim-miss")).getText()).contains("not on 8080");
    }

    @Test
    @Order(5)
    void addsTheRouteGroupAndStatus200IsRefusedWith404() throws Exception {
        long before = updates();
        click("new-route");
        wait.until(d -> updates() > before);
        type("f-name", "egress-http-route");
        type("f-rm-0-name", "get");
        type("f-rm-0-path", "/get");
        waitForYaml("matches:\n  - name: get\n    pathRegex: /get");
        WebElement tryBox = driver.findElement(By.id("f-rm-0-try"));
        tryBox.sendKeys("/status/200");
        wait.until(ExpectedConditions.textToBe(By.id("f-rm-0-tryresult"), "osm: no match · pipy: no match"));
        tryBox.clear();
        tryBox.sendKeys("/get");
        wait.until(ExpectedConditions.textToBe(By.id("f-rm-0-tryresult"), "osm: matches · pipy: matches"));
        // the answer is RE2's, as the engines decide: a lookahead the browser's RegExp would take is no RE2
        WebElement path = driver.findElement(By.id("f-rm-0-path"));
        path.sendKeys(Keys.chord(Keys.CONTROL, "a"), "/(?=g)get");
        wait.until(ExpectedConditions.textMatches(
                By.id("f-rm-0-tryresult"), java.util.regex.Pattern.compile("^invalid regex: .*\\(\\?=.*")));
        path.sendKeys(Keys.chord(Keys.CONTROL, "a"), "/get");
        wait.until(ExpectedConditions.textToBe(By.id("f-rm-0-tryresult"), "osm: matches · pipy: matches"));
        // osm matches the whole path without the query; pipy finds the regex in path and query
        tryBox.clear();
        tryBox.sendKeys("/anything/get?x=1");
        wait.until(ExpectedConditions.textToBe(By.id("f-rm-0-tryresult"), "osm: no match · pipy: matches"));

        driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-80']"))
                .click();
        waitForYaml("name: httpbin-80");
        long beforeMatch = updates();
        click("f-match-add");
        wait.until(d -> updates() > beforeMatch);
        waitForYaml(
                "matches:\n  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRouteGroup\n    name: egress-http-route");

        simulate("curl/curl", "curl -sI http://httpbin.org:80/status/200");
        assertThat(driver.findElement(By.id("sim-verdict")).getText()).isEqualTo("Refused");
        assertThat(driver.findElement(By.id("sim-output")).getText()).startsWith("HTTP/1.1 404 Not Found");
        simulate("curl/curl", "curl -sI http://httpbin.org:80/get");
        assertThat(driver.findElement(By.id("sim-verdict")).getText()).isEqualTo("Allowed");
        assertThat(driver.findElement(By.id("sim-rule")).getText()).contains("HTTPRouteGroup curl/egress-http-route");
        Browser.screenshot(driver, "04-route-group-simulation");
    }

    @Test
    @Order(6)
    void aRouteMatchsHeadersAreSavedAsTheListTheSchemaWants() {
        driver.findElement(By.cssSelector("li[data-key='HTTPRouteGroup/curl/egress-http-route']"))
                .click();
        waitForYaml("name: egress-http-route");
        long before = updates();
        click("f-rm-add");
        wait.until(d -> updates() > before);
        waitForYaml("- name: match-2\n    pathRegex: /.*");
        type("f-rm-1-headers", "x-team: payments");
        waitForYaml("- name: match-2\n    pathRegex: /.*\n    headers:\n    - x-team: payments\n");
        assertThat(driver.findElements(By.cssSelector("#object-form .field-error")))
                .isEmpty();

        Manifest saved = workspace
                .get(new ResourceKey("HTTPRouteGroup", "curl", "egress-http-route"))
                .orElseThrow();
        assertThat(Validator.validate(workspace.all(), Engine.OSM).errors())
                .extracting(Diagnostic::format)
                .isEmpty();
        assertThat(Tree.list(saved.content(), "spec.matches"))
                .hasSize(2)
                .last()
                .satisfies(m ->
                        assertThat(((Map<?, ?>) m).get("headers")).isEqualTo(List.of(Map.of("x-team", "payments"))));
        // and it reads back into the form
        driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-80']"))
                .click();
        waitForYaml("name: httpbin-80");
        driver.findElement(By.cssSelector("li[data-key='HTTPRouteGroup/curl/egress-http-route']"))
                .click();
        wait.until(d ->
                d.findElement(By.id("f-rm-1-headers")).getAttribute("value").equals("x-team: payments"));
    }

    @Test
    @Order(7)
    void theGraphShowsSourcesPoliciesAndDestinationsAndOpensForms() throws Exception {
        click("tab-graph");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> graph =
                (Map<String, List<String>>) driver.executeScript("return window.egressDesigner.graphState();");
        assertThat(graph.get("nodes"))
                .contains(
                        "sa:curl/curl",
                        "obj:Egress/curl/httpbin-80",
                        "obj:Egress/curl/httpbin-443",
                        "dest:httpbin.org",
                        "obj:HTTPRouteGroup/curl/egress-http-route");
        assertThat(graph.get("edges")).contains("e:Egress/curl/httpbin-80:p0:dest:httpbin.org");
        assertThat(graph.get("decided"))
                .contains("obj:Egress/curl/httpbin-80", "e:Egress/curl/httpbin-80:p0:dest:httpbin.org");
        Browser.awaitPaint(driver);
        Browser.screenshot(driver, "05-graph");
        driver.executeScript("window.egressDesigner.tapNode('obj:Egress/curl/httpbin-443');");
        wait.until(ExpectedConditions.attributeContains(By.id("page-editor"), "class", "active"));
        waitForYaml("name: httpbin-443");
    }

    @Test
    @Order(8)
    void runsAnEgressTestFileLoadedFromDisk() throws Exception {
        click("tab-tests");
        Path file = Files.createTempFile("guide", ".yaml");
        Files.writeString(file, """
                apiVersion: egress.designer/v1
                kind: EgressTest
                metadata: {name: guide}
                resources:
                - apiVersion: policy.openservicemesh.io/v1alpha1
                  kind: Egress
                  metadata: {name: httpbin-80, namespace: curl}
                  spec:
                    sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                    hosts: [httpbin.org]
                    ports: [{number: 80, protocol: http}]
                cases:
                - name: httpbin-80 lets /get through
                  request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
                  expect: {verdict: allow, signal: http-200, exitCode: 0, policy: curl/httpbin-80}
                - name: port 443 has no policy
                  request: {from: curl/curl, curl: "curl -sI https://httpbin.org:443/get"}
                  expect: {verdict: deny, policy: none}
                - name: a wrong expectation fails
                  request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
                  expect: {verdict: deny}
                """);
        driver.findElement(By.id("tests-file")).sendKeys(file.toAbsolutePath().toString());
        wait.until(d -> d.findElement(By.id("tests-text")).getAttribute("value").contains("kind: EgressTest"));
        click("tests-run");
        wait.until(ExpectedConditions.textToBe(By.id("tests-summary"), "2 passed, 1 failed"));
        List<WebElement> rows = driver.findElements(By.cssSelector("#tests-table tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).getText()).contains("a wrong expectation fails").contains("failed");
        Browser.screenshot(driver, "06-tests");
    }

    @Test
    @Order(9)
    void deploysAfterShowingTheDiffAndAskingAboutEnableEgressPolicy() throws Exception {
        click("deploy-open");
        wait.until(d -> d.findElement(By.id("deploy-changes")).getText().contains("httpbin-80"));
        assertThat(driver.findElement(By.id("deploy-cluster")).getText())
                .contains("egress-designer")
                .contains(cluster.url());
        String changes = driver.findElement(By.id("deploy-changes")).getText();
        assertThat(changes)
                .contains("create HTTPRouteGroup curl/egress-http-route")
                .contains("create Egress curl/httpbin-80");
        WebElement mesh = driver.findElement(By.id("deploy-mesh"));
        assertThat(mesh.isDisplayed()).isTrue();
        click("deploy-enable");
        Browser.screenshot(driver, "07-deploy-diff");
        click("deploy-confirm");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deploy-result"), "Deployed"));
        assertThat(driver.findElement(By.id("deploy-progress")).getText()).contains("created Egress curl/httpbin-80");
        Browser.screenshot(driver, "08-deploy-done");
        click("deploy-cancel");

        GenericKubernetesResource egress = cluster.client()
                .genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .withName("httpbin-80")
                .get();
        assertThat(egress).isNotNull();
        assertThat(egress.getAdditionalProperties().get("spec").toString())
                .contains("httpbin.org")
                .contains("egress-http-route");
        GenericKubernetesResource routes = cluster.client()
                .genericKubernetesResources(ServedResources.HTTP_ROUTE_GROUP.context())
                .inNamespace("curl")
                .withName("egress-http-route")
                .get();
        assertThat(routes).isNotNull();
        assertThat(routes.getAdditionalProperties().get("spec").toString()).contains("headers=[{x-team=payments}]");
        GenericKubernetesResource meshConfig = cluster.client()
                .genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace("osm-system")
                .withName("osm-mesh-config")
                .get();
        assertThat(meshConfig.getAdditionalProperties().get("spec").toString()).contains("enableEgressPolicy=true");
    }

    @Test
    @Order(10)
    void switchesToJapaneseAtRunTime() throws Exception {
        driver.executeScript("document.getElementById('deploy-dialog').close();");
        click("tab-editor");
        click("lang-toggle");
        wait.until(ExpectedConditions.textToBe(By.id("tab-editor"), "エディター"));
        assertThat(driver.findElement(By.cssSelector("#object-form [data-path='spec.hosts'] .label"))
                        .getText())
                .isEqualTo("ホスト（1 行に 1 つ）");
        assertThat(driver.findElement(By.id("sim-run")).getText()).isEqualTo("シミュレート");
        assertThat(driver.findElement(By.id("lang-toggle")).getText()).isEqualTo("English");
        Browser.screenshot(driver, "09-japanese");
        click("lang-toggle");
        wait.until(ExpectedConditions.textToBe(By.id("tab-editor"), "Editor"));
    }

    @Test
    @Order(11)
    void aSourceWithoutANamespaceNamesNoServiceAccount() throws Exception {
        // the matcher selects no pod for such a source; the page used to offer it as curl/nobody
        ManifestReader.read("nobody.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: nobody, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: nobody}]
                  hosts: [example.org]
                  ports: [{number: 80, protocol: http}]
                """).forEach(workspace::put);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-80']"))
                .click();
        waitForYaml("name: httpbin-80");
        List<String> offered = new Select(driver.findElement(By.id("f-source-pick")))
                .getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertThat(offered).doesNotContain("curl/nobody");
        assertThat(graph().get("nodes")).contains("obj:Egress/curl/nobody").doesNotContain("sa:curl/nobody");
    }

    @SuppressWarnings("unchecked")
    Map<String, List<String>> graph() {
        return (Map<String, List<String>>) driver.executeScript("return window.egressDesigner.graphState();");
    }

    @Test
    @Order(12)
    void theGraphDrawsOnlyTheEdgesTheEngineBuilds() throws Exception {
        ManifestReader.read("graph.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: mixed, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [mixed.example]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}]
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: shouting, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [shouting.example]
                  ports: [{number: 80, protocol: HTTP}]
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: elsewhere}
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: unwatched, namespace: elsewhere}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [unwatched.example]
                  ports: [{number: 80, protocol: http}]
                """).forEach(workspace::put);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        click("tab-graph");
        wait.until(d -> graph().get("edges").contains("e:Egress/curl/mixed:p0:dest:mixed.example"));
        Map<String, List<String>> osm = graph();
        assertThat(osm.get("nodes"))
                .contains("obj:Egress/curl/shouting", "obj:Egress/elsewhere/unwatched")
                .doesNotContain("dest:10.0.0.0/8", "dest:shouting.example", "dest:unwatched.example");
        assertThat(osm.get("edges"))
                .noneMatch(e -> e.startsWith("e:Egress/curl/shouting:")
                        || e.startsWith("e:Egress/elsewhere/unwatched:")
                        || e.contains("10.0.0.0/8"));
        Browser.screenshot(driver, "12-graph-engine-edges");

        new Select(driver.findElement(By.id("engine"))).selectByValue("pipy");
        wait.until(d -> graph().get("edges").contains("e:Egress/curl/shouting:p0:dest:shouting.example"));
        assertThat(graph().get("edges")).noneMatch(e -> e.startsWith("e:Egress/elsewhere/unwatched:"));
        new Select(driver.findElement(By.id("engine"))).selectByValue("osm");
        wait.until(d -> !graph().get("edges").contains("e:Egress/curl/shouting:p0:dest:shouting.example"));
    }
}

package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.policy.yaml.ManifestReader;
import egress.server.api.ApiServer;
import egress.server.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * 1,000 policies in the workspace: after an edit in the form, the list row, the graph and the validation
 * markers must follow quickly. The page times each edit itself (performance.now() from the change event until
 * the list, the graph and the markers are updated, the server's save and validation included); the figures go
 * to target/web-scale.txt and are compared with the 200 ms aimed at in BENCHMARKS.md, not asserted: a unit
 * test holds no timing bound, only that every edit reaches the list, the graph and the markers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebDesignerScaleTest {
    static final int POLICIES = 1000;
    static final double AIM_MS = 200;

    EmbeddedCluster cluster;
    ApiServer server;
    ChromeDriver driver;
    WebDriverWait wait;

    static String policies() {
        StringBuilder s = new StringBuilder();
        String[][] ports = {{"80", "http"}, {"443", "https"}, {"5432", "tcp"}};
        for (int i = 0; i < POLICIES; i++) {
            String[] port = ports[i % 3];
            s.append("""
                    ---
                    apiVersion: policy.openservicemesh.io/v1alpha1
                    kind: Egress
                    metadata: {name: policy-%04d, namespace: curl}
                    spec:
                      sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                      hosts: [svc-%d.example.com]
                      ports: [{number: %s, protocol: %s}]
                    """.formatted(i, i, port[0], port[1]));
        }
        return s.toString();
    }

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        Workspace workspace = new Workspace();
        ManifestReader.read(WebDesignerBrowserTest.samples().resolve("curl.yaml"))
                .forEach(workspace::put);
        workspace.importYaml("bench.yaml", policies());
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        driver = Browser.start(1440, 900);
        wait = Browser.waiting(driver, 60);
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

    long updates() {
        return ((Number) driver.executeScript("return window.egressDesigner.store.updates;")).longValue();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> edit(String id, String text) {
        long before = updates();
        driver.findElement(By.id(id)).sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
        wait.until(d -> updates() > before);
        return (Map<String, Object>) driver.executeScript("return window.egressDesigner.store.lastUpdate;");
    }

    static double ms(Map<String, Object> timing, String field) {
        return ((Number) timing.get(field)).doubleValue();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void withAThousandPoliciesTheListGraphAndMarkersFollowAnEditQuickly() throws Exception {
        long loadStart = System.nanoTime();
        driver.get(server.pageUrl());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        // the 1,000 policies and curl.yaml's Namespace, ServiceAccount and Deployment, each listed once
        assertThat(driver.findElements(By.cssSelector("#policy-list li"))).hasSize(POLICIES + 3);

        // an http policy: its hosts are what it reaches (on a tcp port the graph shows the address range instead)
        // clicked until the form shows it: a click that lands while the list is drawn again (the analysis of the
        // loaded set arriving after data-ready) goes to a row that is being replaced, and once in ./run-tests the
        // form never showed the policy in 60 s; selecting the same row again changes nothing
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("li[data-key='Egress/curl/policy-0501']"))
                    .click();
            return d.findElement(By.id("f-name")).getAttribute("value").equals("policy-0501");
        });

        List<Double> totals = new ArrayList<>();
        List<Double> pageParts = new ArrayList<>();
        List<Double> serverParts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String host = "edited-" + i + ".example.com";
            Map<String, Object> timing = edit("f-hosts", host);
            totals.add(ms(timing, "total"));
            System.out.println("web designer edit " + i + " (ms): " + timing);
            pageParts.add(ms(timing, "apply"));
            serverParts.add(ms(timing, "save") + ms(timing, "validate"));
            @SuppressWarnings("unchecked")
            Map<String, List<String>> graph =
                    (Map<String, List<String>>) driver.executeScript("return window.egressDesigner.graphState();");
            assertThat(graph.get("nodes")).contains("dest:" + host).doesNotContain("dest:svc-501.example.com");
            assertThat(graph.get("nodes").stream()
                            .filter(n -> n.startsWith("obj:Egress/"))
                            .count())
                    .isEqualTo(POLICIES);
        }
        // an edit that makes the policy invalid: the error shows in the list, the form and the YAML gutter
        Map<String, Object> invalid = edit("f-port-0-number", "0");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("li[data-key='Egress/curl/policy-0501'] .badge.error")));
        assertThat(driver.findElements(By.cssSelector("#yaml-editor .diag-marker.error")))
                .isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#object-form .field-error")))
                .isNotEmpty();
        Map<String, Object> fixed = edit("f-port-0-number", "80");
        wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("li[data-key='Egress/curl/policy-0501'] .badge.error"), 0));
        totals.add(ms(invalid, "total"));
        totals.add(ms(fixed, "total"));

        Browser.screenshot(driver, "10-editor-1000-policies");
        driver.findElement(By.id("tab-graph")).click();
        Browser.awaitPaint(driver);
        Browser.screenshot(driver, "11-graph-1000-policies");

        double median = median(totals);
        double max = totals.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String report = String.format(
                java.util.Locale.ROOT,
                "web designer, %d policies: page load %.0f ms; edit -> list+graph+markers updated: median %.1f ms, "
                        + "max %.1f ms over %d edits (server save+validate median %.1f ms, page update median %.1f ms); "
                        + "aim %.0f ms%n",
                POLICIES,
                loadMs,
                median,
                max,
                totals.size(),
                median(serverParts),
                median(pageParts),
                AIM_MS);
        System.out.print(report);
        Files.writeString(Path.of("target", "web-scale.txt"), report);
        WebElement status = driver.findElement(By.id("status"));
        assertThat(status.getText()).isNotEmpty();
    }
}

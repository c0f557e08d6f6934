package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.policy.yaml.ManifestReader;
import egress.server.api.ApiServer;
import egress.server.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Traffic view through the real page: load a traffic file, edit a policy so recorded requests become refused,
 * see the impact line and the changed rows, then propose policies from the traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrafficBrowserTest {
    static final String GITHUB = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: github, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [api.github.com]
              ports: [{number: 443, protocol: https}]
            """;
    EmbeddedCluster cluster;
    ApiServer server;
    ChromeDriver driver;
    WebDriverWait wait;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        Workspace workspace = new Workspace();
        for (String file : List.of("curl.yaml", "egress-httpbin-80.yaml")) {
            ManifestReader.read(WebDesignerBrowserTest.samples().resolve(file)).forEach(workspace::put);
        }
        ManifestReader.read("github.yaml", GITHUB).forEach(workspace::put);
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        driver = Browser.start(1440, 900);
        wait = Browser.waiting(driver, 30);
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

    String text(String id) {
        return driver.findElement(By.id(id)).getAttribute("textContent");
    }

    long updates() {
        return ((Number) driver.executeScript("return window.egressDesigner.store.updates;")).longValue();
    }

    @Test
    void anEditThatRefusesRecordedRequestsShowsItsImpactAndTheChangedRowsThenProposesFromTraffic() throws Exception {
        Path recorded = dir.resolve("recorded.jsonl");
        Files.writeString(
                recorded,
                String.join(
                                "\n",
                                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}",
                                "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/\"}",
                                "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/\"}",
                                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://example.com/\"}")
                        + "\n");
        driver.get(server.pageUrl());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        driver.findElement(By.id("tab-traffic")).click();

        driver.findElement(By.id("traffic-file"))
                .sendKeys(recorded.toAbsolutePath().toString());
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#traffic-table tbody tr"), 3));
        wait.until(
                d -> text("traffic-impact-line").equals("this edit changes no verdict over the 4 recorded requests"));
        assertThat(text("traffic-status")).startsWith("4 recorded requests, 3 distinct, 0 unreadable lines");

        // the edit: github's Egress now names github.com, so the recorded requests to api.github.com are refused
        driver.findElement(By.id("tab-editor")).click();
        driver.findElement(By.cssSelector("#policy-list li[data-key='Egress/curl/github']"))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-hosts")));
        long before = updates();
        WebElement hosts = driver.findElement(By.id("f-hosts"));
        hosts.sendKeys(Keys.chord(Keys.CONTROL, "a"), "github.com", Keys.TAB);
        wait.until(d -> updates() > before);

        wait.withMessage(() -> "impact line: " + text("traffic-impact-line"))
                .until(d -> text("traffic-impact-line")
                        .equals("this edit newly refuses 2 recorded requests from curl/curl to api.github.com"));
        assertThat(driver.findElement(By.id("traffic-impact-line")).getAttribute("class"))
                .contains("refused");
        driver.findElement(By.id("tab-traffic")).click();
        WebElement first = driver.findElement(By.cssSelector("#traffic-table tbody tr"));
        assertThat(first.getAttribute("class")).isEqualTo("change-newly-refused");
        assertThat(first.getText()).contains("newly refused", "api.github.com", "deny");
        Browser.screenshot(driver, "traffic-01-impact");

        driver.findElement(By.id("traffic-propose")).click();
        wait.until(
                d -> !d.findElements(By.cssSelector("#policy-list li.proposed")).isEmpty());
        assertThat(text("traffic-message")).startsWith("Added ");
        wait.until(d -> d.findElements(By.cssSelector("#traffic-table tbody tr .verdict.deny"))
                .isEmpty());
        Browser.screenshot(driver, "traffic-02-proposed");
    }
}

package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.policy.yaml.ManifestReader;
import egress.server.api.ApiServer;
import egress.server.workspace.Workspace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Japanese page explains itself in Japanese: a simulated refusal's reason and nearest miss, and a lint
 * message, come from the server in the page's language, and follow a switch of language at run time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JapaneseExplanationsBrowserTest {
    EmbeddedCluster cluster;
    ApiServer server;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        Workspace workspace = new Workspace();
        for (String file : List.of("curl.yaml", "egress-httpbin-80.yaml")) {
            ManifestReader.read(WebDesignerBrowserTest.samples().resolve(file)).forEach(workspace::put);
        }
        ManifestReader.read("ranged.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: ranged, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [example.org]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}]
                """).forEach(workspace::put);
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

    String text(String id) {
        return driver.findElement(By.id(id)).getAttribute("textContent");
    }

    void simulate(String curl) {
        WebElement line = driver.findElement(By.id("sim-curl"));
        line.clear();
        line.sendKeys(curl);
        String before = text("sim-explain");
        driver.findElement(By.id("sim-run")).click();
        wait.until(d -> !text("sim-explain").equals(before));
    }

    @Test
    void aRefusalAndALintAreExplainedInJapaneseAndBackInEnglish() throws Exception {
        driver.get(server.pageUrl());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        if (text("lang-toggle").equals("English")) { // the browser's own language may already be Japanese
            driver.findElement(By.id("lang-toggle")).click();
            wait.until(ExpectedConditions.textToBe(By.id("tab-editor"), "Editor"));
        }
        driver.findElement(By.id("lang-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.id("tab-editor"), "エディター"));

        simulate("curl -sI http://httpbin.org:8080/get");
        assertThat(text("sim-rule")).contains("curl/curl に適用される Egress のどれもポート 8080 を指定していない。接続は閉じられる");
        assertThat(text("sim-miss"))
                .isEqualTo("80 番ポートの httpbin.org は curl/httpbin-80 によって許可されているが、8080 番ポートは許可されていない");
        assertThat(text("sim-explain")).contains("最も近い不一致: 80 番ポートの httpbin.org");

        driver.findElement(By.cssSelector("li[data-key='Egress/curl/ranged']")).click();
        wait.until(d -> text("object-problems").contains("EGR301"));
        assertThat(text("object-problems")).contains("http ポート 80 の ipAddresses は osm (Envoy) では無視され");
        Browser.screenshot(driver, "japanese-explanations");

        // back to English: the page asks again, and the same refusal and lint read as they always did
        driver.findElement(By.id("lang-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.id("tab-editor"), "Editor"));
        wait.until(d -> text("sim-miss").equals("httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080"));
        wait.until(d -> text("object-problems").contains("ipAddresses are ignored on http port 80 by osm (Envoy)"));
    }
}

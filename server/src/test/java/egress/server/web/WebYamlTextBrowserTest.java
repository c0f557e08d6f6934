package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.policy.yaml.ManifestReader;
import egress.server.api.ApiServer;
import egress.server.workspace.ResourceKey;
import egress.server.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The YAML pane shows the text the server keeps for an object, the page saves exactly that text, and a
 * validation problem's line is a line of it, at the field: in a real browser, through the form.
 */
class WebYamlTextBrowserTest {
    static final ResourceKey HTTPBIN_443 = new ResourceKey("Egress", "curl", "httpbin-443");

    @TempDir
    Path folder;

    EmbeddedCluster cluster;
    Workspace workspace;
    ApiServer server;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        Browser.requireChromium();
        for (String file : List.of("curl.yaml", "egress-httpbin-443.yaml")) {
            Files.copy(WebDesignerBrowserTest.samples().resolve(file), folder.resolve(file));
        }
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace(folder);
        workspace.load(ManifestReader.read(folder));
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        driver = Browser.start(1440, 900);
        wait = Browser.waiting(driver, 20);
    }

    @AfterEach
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

    String pane() {
        return (String) driver.executeScript("return window.egressDesigner.yamlText();");
    }

    String serverText() {
        return workspace.entry(HTTPBIN_443).orElseThrow().text();
    }

    long updates() {
        return ((Number) driver.executeScript("return window.egressDesigner.store.updates;")).longValue();
    }

    void type(String id, String text) {
        long before = updates();
        driver.findElement(By.id(id)).sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
        wait.until(d -> updates() > before
                && !d.findElement(By.tagName("body")).getAttribute("class").contains("busy"));
    }

    @Test
    void thePaneShowsTheServersTextWhichIsSavedAsShownAndProblemsPointIntoIt() throws Exception {
        driver.get(server.pageUrl());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        driver.findElement(By.cssSelector("li[data-key='Egress/curl/httpbin-443']"))
                .click();
        wait.until(d -> d.findElement(By.id("f-hosts")).getAttribute("value").equals("httpbin.org"));
        assertThat(pane()).isEqualTo(serverText());

        type("f-hosts", "httpbin.org, example.org");
        wait.until(d -> pane().contains("example.org"));
        assertThat(pane()).isEqualTo(serverText()).contains("hosts:\n  - httpbin.org\n  - example.org\n");

        driver.findElement(By.id("save-workspace")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Saved 1 file"));
        assertThat(Files.readString(folder.resolve("egress-httpbin-443.yaml"))).isEqualTo(pane());

        type("f-port-0-number", "0");
        WebElement problem =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#object-problems li.error")));
        assertThat(problem.getText()).contains("spec.ports[0].number");
        int line = Integer.parseInt(problem.getAttribute("data-line"));
        String[] shown = pane().split("\n");
        assertThat(shown[line - 1]).isEqualTo("  - number: 0");
        assertThat(driver.findElement(By.cssSelector("#yaml-editor .cm-line-error"))
                        .getText())
                .contains("number: 0");
    }
}

package egress.designer.app;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's "embedded" target: started when nothing answers, reused when one already runs on the port. */
class DesktopClusterTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void startsOneWhenNoneRunsAndTheNextWindowReusesIt() throws IOException {
        int port = freePort();
        Path kubeconfig = dir.resolve("kubeconfig");
        try (DesktopCluster first = new DesktopCluster(port, kubeconfig);
                DesktopCluster second = new DesktopCluster(port, kubeconfig)) {
            ClusterConnection started = first.get();
            assertThat(started.embedded()).isTrue();
            assertThat(started.server()).isEqualTo("https://127.0.0.1:" + port);
            String written = Files.readString(kubeconfig);
            assertThat(written).contains("server: https://127.0.0.1:" + port);

            ClusterConnection reused = second.get();
            assertThat(reused.embedded()).isFalse();
            assertThat(reused.server()).isEqualTo("https://127.0.0.1:" + port);
            // it talks to the running cluster with the token of its kubeconfig, which it leaves as it is
            assertThat(reused.client().namespaces().withName("osm-system").get())
                    .isNotNull();
            assertThat(Files.readString(kubeconfig)).isEqualTo(written);
            assertThat(second.get()).isSameAs(reused);
        }
    }

    @Test
    void aRunningClusterWhoseTokenItDoesNotHaveIsNotReused() throws IOException {
        int port = freePort();
        try (DesktopCluster first = new DesktopCluster(port, dir.resolve("kubeconfig"));
                DesktopCluster second = new DesktopCluster(port, dir.resolve("other"))) {
            first.get();
            ClusterConnection own = second.get();
            assertThat(own.embedded()).isTrue();
            assertThat(own.server()).isNotEqualTo("https://127.0.0.1:" + port);
        }
    }

    @Test
    void whenThePortIsTakenBySomethingElseItStartsOnAFreePort() throws IOException {
        try (ServerSocket other = new ServerSocket(0);
                DesktopCluster cluster = new DesktopCluster(other.getLocalPort(), dir.resolve("kubeconfig"))) {
            ClusterConnection c = cluster.get();
            assertThat(c.embedded()).isTrue();
            assertThat(c.server()).isNotEqualTo("https://127.0.0.1:" + other.getLocalPort());
        }
    }
}

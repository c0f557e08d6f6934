package egress.designer.app;

import egress.cluster.kube.ClusterConnection;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The contexts of a kubeconfig, read with fabric8 as kubectl reads them; never its credentials. */
final class KubeContexts {
    private static final Logger logger = LoggerFactory.getLogger(KubeContexts.class);
    private final Path kubeconfig;

    /** @param kubeconfig one file, or null for {@code $KUBECONFIG} (every file it lists) or ~/.kube/config */
    KubeContexts(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    /** The context names, in file order; none when there is no kubeconfig or it cannot be read. */
    List<String> names() {
        List<File> files = kubeconfig != null
                ? List.of(kubeconfig.toFile())
                : Config.getKubeconfigFilenames().stream().map(File::new).toList();
        Set<String> names = new LinkedHashSet<>();
        for (File f : files) {
            if (!f.isFile()) {
                continue;
            }
            try {
                io.fabric8.kubernetes.api.model.Config config = KubeConfigUtils.parseConfig(f);
                if (config.getContexts() != null) {
                    config.getContexts().stream().map(NamedContext::getName).forEach(names::add);
                }
            } catch (RuntimeException e) {
                logger.warn("cannot read the kubeconfig {}: {}", f, e.getMessage());
            }
        }
        return List.copyOf(names);
    }

    /** A connection through one context, as kubectl would make it. */
    ClusterConnection open(String context) {
        return ClusterConnection.open(kubeconfig, context);
    }
}

package egress.cluster.kube;

import egress.cluster.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes the kubeconfig of an embedded cluster, and knows where it goes by default. */
public final class Kubeconfigs {
    public static final String CONTEXT = "egress-designer";

    private Kubeconfigs() {}

    /** Where the embedded cluster's kubeconfig goes by default: {@code ~/.egress-designer/kubeconfig} (never ~/.kube/config). */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".egress-designer", "kubeconfig");
    }

    /**
     * Writes a kubeconfig with one cluster, user and context named {@value #CONTEXT}: the server trusted by the
     * certificate {@code caData} (base64 PEM), the user authenticating with {@code token}. The file holds a
     * credential: it is written by {@link PrivateFiles#replace(Path, byte[])}, readable by its owner only.
     */
    public static Path write(Path file, String serverUrl, String caData, String token) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    certificate-authority-data: %4$s
                users:
                - name: %1$s
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, serverUrl, token, caData);
        try {
            PrivateFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
        return file;
    }
}

package egress.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Writes the kubeconfig of an embedded cluster. */
public final class Kubeconfigs {
    public static final String CONTEXT = "egress-designer";

    private Kubeconfigs() {
    }

    /**
     * Writes a kubeconfig with one cluster, user and context named {@value #CONTEXT}. The mock checks no
     * credentials; the token is random only so that no fixed secret-looking value is ever written.
     */
    public static Path write(Path file, String serverUrl) {
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
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
                """.formatted(CONTEXT, serverUrl, HexFormat.of().formatHex(token));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
        return file;
    }
}

package egress.enforcer.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server TLS context with a certificate made at start. Netty's {@code SelfSignedCertificate} works on
 * JDK 17 without Bouncy Castle (it uses the JDK's internal X.509 classes); when a JDK lacks them, the
 * JDK's {@code keytool} makes a PKCS#12 keystore in a temporary folder instead.
 */
public final class SelfSignedTls {
    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedTls.class);
    private static final char[] PASSWORD = "egress-designer".toCharArray();

    private SelfSignedTls() {}

    /** A server context for {@code hostname}, made with Netty, or with keytool when Netty cannot. */
    public static SslContext serverContext(String hostname) throws IOException, GeneralSecurityException {
        try {
            return withNetty(hostname);
        } catch (GeneralSecurityException | LinkageError | RuntimeException e) {
            LOG.info("Netty could not make a self-signed certificate ({}); using keytool", e.toString());
            return withKeytool(hostname);
        }
    }

    @SuppressWarnings("deprecation")
    static SslContext withNetty(String hostname) throws GeneralSecurityException, IOException {
        SelfSignedCertificate cert = new SelfSignedCertificate(hostname);
        try {
            return SslContextBuilder.forServer(cert.key(), cert.cert()).build();
        } finally {
            cert.delete();
        }
    }

    static SslContext withKeytool(String hostname) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("egress-tls");
        Path store = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> cmd = List.of(
                keytool,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "365",
                "-dname",
                "CN=" + hostname,
                "-ext",
                "SAN=dns:" + hostname,
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(out).trim());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            return SslContextBuilder.forServer(kmf).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }
}

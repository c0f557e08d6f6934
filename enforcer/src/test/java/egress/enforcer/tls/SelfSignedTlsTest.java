package egress.enforcer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;

class SelfSignedTlsTest {
    @Test
    void nettyMakesASelfSignedCertificateOnThisJdkWithoutBouncyCastle() throws Exception {
        SslContext ctx = SelfSignedTls.withNetty("httpbin.org");
        assertThat(ctx.isServer()).isTrue();
    }

    @Test
    void keytoolFallbackMakesAUsableServerContext() throws Exception {
        SslContext ctx = SelfSignedTls.withKeytool("httpbin.org");
        assertThat(ctx.isServer()).isTrue();
    }
}

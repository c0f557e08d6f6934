package egress.enforcer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientHelloTest {

    @Test
    void readsTheServerNameOfARealClientHello() throws Exception {
        ByteBuf in = Unpooled.wrappedBuffer(ClientHelloBytes.of("HttpBin.org"));
        assertThat(ClientHello.parse(in)).isEqualTo(new ClientHello.Result(false, "httpbin.org"));
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void everyProperPrefixNeedsMoreBytes() throws Exception {
        byte[] hello = ClientHelloBytes.of("httpbin.org");
        for (int n = 0; n < hello.length; n++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(Arrays.copyOf(hello, n));
            assertThat(ClientHello.parse(prefix).needMore())
                    .as("prefix of %d bytes", n)
                    .isTrue();
        }
    }

    @Test
    void aHelloSplitOverManyRecordsStillGivesTheName() throws Exception {
        byte[] split = ClientHelloBytes.reRecord(ClientHelloBytes.of("httpbin.org"), 7);
        assertThat(ClientHello.parse(Unpooled.wrappedBuffer(split)).serverName())
                .isEqualTo("httpbin.org");
    }

    @Test
    void aHelloWithoutServerNameGivesNull() throws Exception {
        assertThat(ClientHello.parse(Unpooled.wrappedBuffer(ClientHelloBytes.of(null))))
                .isEqualTo(new ClientHello.Result(false, null));
    }

    @Test
    void bytesThatAreNotAHandshakeGiveNoNameWithoutThrowing() {
        ByteBuf junk = Unpooled.copiedBuffer("\u0016\u0003\u0001\u0000\u0004\u0002abc", StandardCharsets.ISO_8859_1);
        assertThat(ClientHello.parse(junk)).isEqualTo(new ClientHello.Result(false, null));
        ByteBuf alert = Unpooled.wrappedBuffer(new byte[] {0x15, 3, 1, 0, 2, 2, 40});
        assertThat(ClientHello.parse(alert).needMore()).isFalse();
    }

    @Test
    void aTruncatedLengthFieldInsideTheHelloGivesNull() throws Exception {
        byte[] hello = ClientHelloBytes.of("httpbin.org");
        hello[5 + 4 + 34] = (byte) 200; // session id length beyond the message
        assertThat(ClientHello.parse(Unpooled.wrappedBuffer(hello)).needMore()).isFalse();
    }
}

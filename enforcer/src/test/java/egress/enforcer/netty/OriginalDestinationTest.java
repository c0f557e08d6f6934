package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class OriginalDestinationTest {

    @Test
    void parsesASockaddrInAsTheKernelWritesIt() {
        ByteBuffer raw = ByteBuffer.allocate(16);
        raw.order(ByteOrder.nativeOrder()).putShort((short) 2);
        raw.order(ByteOrder.BIG_ENDIAN).putShort((short) 443).put(new byte[] {10, (byte) 200, 7, 1});
        raw.flip();
        assertThat(OriginalDestination.parse(raw)).isEqualTo(new InetSocketAddress("10.200.7.1", 443));
    }

    @Test
    void anotherFamilyOrAShortBufferIsNoAnswer() {
        ByteBuffer v6 = ByteBuffer.allocate(16);
        v6.order(ByteOrder.nativeOrder()).putShort((short) 10);
        v6.rewind();
        assertThat(OriginalDestination.parse(v6)).isNull();
        assertThat(OriginalDestination.parse(ByteBuffer.allocate(4))).isNull();
    }

    @Test
    void parsesASockaddrIn6AsTheKernelWritesIt() throws Exception {
        ByteBuffer raw = ByteBuffer.allocate(28);
        raw.order(ByteOrder.nativeOrder()).putShort((short) 10);
        raw.order(ByteOrder.BIG_ENDIAN)
                .putShort((short) 443)
                .putInt(0)
                .put(java.net.InetAddress.getByName("2001:db8::7").getAddress())
                .putInt(0);
        raw.flip();
        assertThat(OriginalDestination.parse(raw)).isEqualTo(new InetSocketAddress("2001:db8::7", 443));
    }
}

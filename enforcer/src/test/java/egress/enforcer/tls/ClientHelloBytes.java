package egress.enforcer.tls;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Real ClientHello records, made by the JDK's own TLS client. */
public final class ClientHelloBytes {
    private ClientHelloBytes() {}

    /** The first flight of a TLS client, with {@code serverName} as SNI, or none when null. */
    public static byte[] of(String serverName) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine engine = serverName == null ? ctx.createSSLEngine() : ctx.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        if (serverName != null) {
            SSLParameters p = engine.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(serverName)));
            engine.setSSLParameters(p);
        }
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** The same handshake message, re-framed into TLS records of at most {@code size} payload bytes each. */
    public static byte[] reRecord(byte[] hello, int size) {
        byte[] payload = Arrays.copyOfRange(hello, 5, hello.length);
        ByteBuffer out = ByteBuffer.allocate(payload.length + 5 * (payload.length / size + 1));
        for (int i = 0; i < payload.length; i += size) {
            int n = Math.min(size, payload.length - i);
            out.put((byte) 0x16).put(hello[1]).put(hello[2]).putShort((short) n).put(payload, i, n);
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}

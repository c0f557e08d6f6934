package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bytes a forwarded request goes upstream as: every request below is decoded by Netty's decoder (as the proxy
 * decodes it, fed in pieces so that bodies arrive in parts), its target and Host set as the proxy sets them, and
 * written by {@link UpstreamRequestWriter}; the bytes must be those Netty's {@code HttpRequestEncoder} writes for
 * the same messages, which the proxy used before.
 */
class UpstreamRequestWriterTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET http://a.example/get HTTP/1.1\r\nHost: a.example\r\n\r\n",
                "GET http://a.example:8080/p?q=1&r=%20 HTTP/1.1\r\nHost: other\r\nAccept: */*\r\nX-Two: 1\r\n"
                        + "x-two: 2\r\nUser-Agent: curl/8\r\n\r\n",
                "GET http://a.example HTTP/1.0\r\nHost:a.example\r\nConnection:   keep-alive  \r\n\r\n",
                "HEAD http://a.example/h HTTP/1.1\r\nHost: a.example\r\nProxy-Connection: keep-alive\r\n"
                        + "Proxy-Authorization: Basic eDp5\r\n\r\n",
                "PATCH http://a.example/x HTTP/1.1\r\nHost: a.example\r\nX-Obs: caf\u00e9 \u00ff\r\n\r\n",
                "POST http://a.example/post HTTP/1.1\r\nHost: a.example\r\nContent-Length: 11\r\n\r\nhello world",
                "PUT http://a.example/put HTTP/1.1\r\nHost: a.example\r\nContent-Length: 0\r\n\r\n",
                "POST http://a.example/c HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\n\r\n",
                "POST http://a.example/t HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "a\r\n0123456789\r\n0\r\nX-Trailer: yes\r\nX-More: 2\r\n\r\n",
                "POST http://a.example/e HTTP/1.1\r\nHost: a.example\r\nExpect: 100-continue\r\n"
                        + "Content-Length: 3\r\n\r\nabc",
                "OPTIONS http://a.example/* HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 0\r\n\r\n",
                "BREW http://a.example/pot HTTP/1.1\r\nHost: a.example\r\n\r\n",
            })
    void writesWhatNettysEncoderWrites(String request) {
        for (int piece : new int[] {request.length(), 7, 1}) {
            String mine = written(decoded(request, piece), false);
            String netty = written(decoded(request, piece), true);
            assertThat(mine).as("fed in pieces of %d", piece).isEqualTo(netty);
            assertThat(mine).startsWith(request.substring(0, request.indexOf(' ')) + " /");
        }
    }

    @Test
    void aHeadLargerThanTheWritersArrayGrowsIt() {
        // the writer starts with 512 bytes: a head of 40 long headers, then a short one after it, on one writer
        StringBuilder big =
                new StringBuilder("GET http://a.example/" + "p".repeat(700) + " HTTP/1.1\r\nHost: a.example\r\n");
        for (int i = 0; i < 40; i++) {
            big.append("X-H").append(i).append(": ").append("v".repeat(100 + i)).append("\r\n");
        }
        String request = big.append("\r\n").toString() + "GET http://a.example/s HTTP/1.1\r\nHost: a.example\r\n\r\n";
        assertThat(written(decoded(request, 100), false)).isEqualTo(written(decoded(request, 100), true));
    }

    @Test
    void theTargetGoesUpstreamAsTheClientsBytes() {
        // the encoder wrote é (one byte from the client, decoded as one char) as two bytes of UTF-8: the upstream saw
        // another path than the one the policies decided on
        String request = "GET http://a.example/caf\u00e9 HTTP/1.1\r\nHost: a.example\r\n\r\n";
        assertThat(written(decoded(request, request.length()), false))
                .isEqualTo("GET /caf\u00e9 HTTP/1.1\r\nhost: a.example\r\n\r\n");
    }

    @Test
    void aCharNoDecoderMakesIsNeverWrittenAsItsLowByte() {
        // U+010A's low byte is LF: written as ?, as the encoder writes it, never as a line break in the head
        List<HttpObject> msgs = decoded("GET http://a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n", 100);
        ((HttpRequest) msgs.get(0)).headers().set("X-Odd", "a\u010ab");
        assertThat(written(msgs, false)).contains("X-Odd: a?b\r\n").isEqualTo(written(msgs, true));
    }

    /** Decodes {@code request} fed in pieces, with each head's target and Host as the proxy sends them. */
    private static List<HttpObject> decoded(String request, int piece) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder());
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < bytes.length; at += piece) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at)));
        }
        List<HttpObject> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            HttpObject m = (HttpObject) o;
            assertThat(m.decoderResult().isSuccess()).as("decoded: %s", m).isTrue();
            if (m instanceof HttpRequest req) {
                HttpTarget t = HttpTarget.parse(req.uri(), null, null);
                req.setUri(t.target());
                req.headers().set(HttpHeaderNames.HOST, t.authority());
                req.headers().remove("proxy-connection").remove(HttpHeaderNames.PROXY_AUTHORIZATION);
            }
            out.add(m);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    /** The bytes {@code msgs} become (released), by Netty's encoder or by the writer. */
    private static String written(List<HttpObject> msgs, boolean netty) {
        StringBuilder s = new StringBuilder();
        if (netty) {
            EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestEncoder());
            for (HttpObject m : msgs) {
                ch.writeOutbound(m);
            }
            for (Object o; (o = ch.readOutbound()) != null; ) {
                s.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
                ((ByteBuf) o).release();
            }
            ch.finishAndReleaseAll();
            return s.toString();
        }
        UpstreamRequestWriter w = new UpstreamRequestWriter();
        for (HttpObject m : msgs) {
            ByteBuf b = m instanceof HttpRequest req
                    ? w.head(ByteBufAllocator.DEFAULT, req, req.uri())
                    : w.body(ByteBufAllocator.DEFAULT, (HttpContent) m);
            if (b != null) {
                s.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            }
        }
        return s.toString();
    }
}

package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a relayed response ends: fed as the handler feeds it (heads, then body), whole and split at every byte,
 * every response below must end exactly where its last byte is, and every unframeable one must be an error.
 */
class ResponseFramingTest {
    private static final String NEXT = "HTTP/1.1 200 OK\r\n"; // bytes past the response: never part of it

    /** What feeding {@code text} in pieces of {@code piece} bytes gave. */
    private record Fed(
            List<String> heads, String relayed, boolean complete, boolean keepAlive, String error, long payload) {}

    private static Fed feed(String text, boolean headRequest, int piece) {
        ResponseFraming f = new ResponseFraming();
        f.start(headRequest);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        List<String> heads = new ArrayList<>();
        StringBuilder relayed = new StringBuilder();
        for (int at = 0; at < bytes.length && !f.complete() && f.error() == null; at += piece) {
            ByteBuf in = Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at));
            while (in.isReadable() && !f.complete() && f.error() == null) {
                if (f.awaitingHead()) {
                    ByteBuf head = f.head(in, ByteBufAllocator.DEFAULT);
                    if (head == null) {
                        break;
                    }
                    String h = head.toString(StandardCharsets.ISO_8859_1);
                    head.release();
                    heads.add(h);
                    relayed.append(h);
                } else {
                    int n = f.body(in);
                    relayed.append(in.readSlice(n).toString(StandardCharsets.ISO_8859_1));
                }
            }
            in.release();
        }
        f.release();
        return new Fed(heads, relayed.toString(), f.complete(), f.keepAlive(), f.error(), f.payload());
    }

    /** Fed whole and at every split size, the response ends at its own last byte with {@code payload} body bytes. */
    private static Fed ends(String response, boolean headRequest, long payload) {
        Fed whole = null;
        for (int piece = 1; piece <= response.length() + NEXT.length(); piece++) {
            Fed fed = feed(response + NEXT, headRequest, piece);
            assertThat(fed.error()).as("error at piece %d", piece).isNull();
            assertThat(fed.complete()).as("complete at piece %d", piece).isTrue();
            assertThat(fed.relayed()).as("relayed at piece %d", piece).isEqualTo(response);
            assertThat(fed.payload()).as("payload at piece %d", piece).isEqualTo(payload);
            whole = fed;
        }
        return whole;
    }

    private static String error(String response) {
        for (int piece = 1; piece <= response.length(); piece++) {
            Fed fed = feed(response, false, piece);
            assertThat(fed.error()).as("error at piece %d", piece).isNotNull();
            assertThat(fed.complete()).isFalse();
        }
        return feed(response, false, response.length()).error();
    }

    @Test
    @DisplayName("Content-Length: the response ends after that many body bytes, and the connection stays")
    void contentLength() {
        Fed f = ends("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", false, 5);
        assertThat(f.keepAlive()).isTrue();
        assertThat(f.heads()).hasSize(1);
        ends("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", false, 0);
        ends("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc", false, 3); // a list of one value (RFC 9110 8.6)
        ends("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false, 2); // bare LF line ends
    }

    @Test
    @DisplayName("chunked: the response ends after the last chunk's trailer section; extensions and trailers pass")
    void chunked() {
        String body = "4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";
        Fed f = ends("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body, false, 4 + 5 + 14);
        assertThat(f.keepAlive()).isTrue();
        ends("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", false, 3);
        ends("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false, 0);
        ends("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", false, 10);
    }

    @Test
    @DisplayName("Transfer-Encoding overrides Content-Length, and the connection is not kept after it")
    void transferEncodingAndContentLength() {
        Fed f = ends(
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
                false,
                2);
        assertThat(f.keepAlive()).isFalse();
    }

    @Test
    @DisplayName("no body: the answer to HEAD, 204 and 304, whatever Content-Length says; 1xx heads come first")
    void noBody() {
        ends("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", true, 0);
        ends("HTTP/1.1 204 No Content\r\n\r\n", false, 0);
        ends("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", false, 0);
        Fed f = ends(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                false,
                2);
        assertThat(f.heads()).hasSize(3);
    }

    @Test
    @DisplayName("a body that ends with the connection: never complete, and the connection is not kept")
    void untilClose() {
        for (String head : List.of(
                "HTTP/1.1 200 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")) {
            Fed f = feed(head + "all of this is body", false, 7);
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isFalse();
            assertThat(f.keepAlive()).isFalse();
            assertThat(f.relayed()).isEqualTo(head + "all of this is body");
        }
    }

    @Test
    @DisplayName("Connection: close and HTTP/1.0 without keep-alive end the connection after the response")
    void keepAlive() {
        assertThat(ends("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false, 0)
                        .keepAlive())
                .isFalse();
        assertThat(ends("HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n", false, 0)
                        .keepAlive())
                .isFalse();
        assertThat(ends("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false, 0)
                        .keepAlive())
                .isFalse();
        assertThat(ends("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false, 0)
                        .keepAlive())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTP/2 200 OK\r\n\r\n",
                "HTTP/1.1 20 OK\r\n\r\n",
                "HTTP/1.1 2000 OK\r\n\r\n",
                "HTTP/1.1 099 Odd\r\n\r\n",
                "HTTP/1.2 200 OK\r\n\r\n",
                "\r\nHTTP/1.1 200 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3x\r\nabc\r\n0\r\n\r\n"
            })
    @DisplayName("what cannot be framed exactly is an error, however it arrives")
    void unframeable(String response) {
        assertThat(error(response)).isNotBlank();
    }

    @Test
    @DisplayName("a head over 64 KiB is an error before it is all read")
    void headLimit() {
        String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(ResponseFraming.MAX_HEAD) + "\r\n\r\n";
        assertThat(feed(big, false, 4096).error()).contains("larger than");
        assertThat(feed(big, false, big.length()).error()).contains("larger than");
    }

    @Test
    @DisplayName("while draining, a relayed head loses its Connection and Keep-Alive lines and says close")
    void closing() {
        ByteBuf head = Unpooled.copiedBuffer(
                "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\n",
                StandardCharsets.ISO_8859_1);
        ByteBuf out = ResponseFraming.closing(head, ByteBufAllocator.DEFAULT);
        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n");
        head.release();
        out.release();
    }
}

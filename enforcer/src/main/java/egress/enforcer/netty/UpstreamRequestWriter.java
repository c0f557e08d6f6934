package egress.enforcer.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a decoded request back into bytes for the upstream, one connection's requests in turn: the head as one
 * buffer, and the body as it came (chunked again when the head says so, with Content-Length as is). It writes what
 * Netty's {@code HttpRequestEncoder} writes (the same header order, the same chunk syntax, trailers only when
 * chunked; {@code UpstreamRequestWriterTest} compares the two byte for byte) with two differences: the
 * request-target goes out as the bytes the client sent, where the encoder re-encodes every byte above 0x7F as UTF-8
 * (so the upstream saw another path than the one decided on), and a body-less request's end writes nothing.
 *
 * <p>Why not the encoder: encoding the head was a fifth of the forwarding path's Java time (its generic message
 * dispatch, a promise per message, a write for the empty end of every GET). Here a head is copied, in one pass over
 * its headers, into one reused array and written as one buffer.
 *
 * <p>The text it writes comes from the decoder, which turns each byte into one char from 0 to 255, so a char is
 * written as its low byte. A char above 255 (none can come from the decoder) is written as {@code ?}, as the
 * encoder does, never as its low byte, which could be a CR or LF.
 */
final class UpstreamRequestWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private byte[] scratch = new byte[512];
    private boolean chunked;

    /** The request's head with {@code target} as its request-target; the body, if any, follows by {@link #body}. */
    ByteBuf head(ByteBufAllocator alloc, HttpRequest req, String target) {
        HttpHeaders headers = req.headers();
        chunked = HttpUtil.isTransferEncodingChunked(req);
        String method = req.method().name();
        String version = req.protocolVersion().text();
        byte[] b = room(0, method.length() + 1 + target.length() + 1 + version.length() + 2);
        int at = text(method, b, 0);
        b[at++] = ' ';
        at = text(target, b, at);
        b[at++] = ' ';
        at = text(version, b, at);
        at = crlf(b, at);
        at = fields(headers, at);
        b = room(at, 2);
        at = crlf(b, at);
        return alloc.directBuffer(at).writeBytes(b, 0, at);
    }

    /**
     * The bytes of a body part ({@code part} is released, its content passed on), or null when it has none to send:
     * the end of a body sent with Content-Length (or of none), or an empty part that does not end a chunked body.
     */
    ByteBuf body(ByteBufAllocator alloc, HttpContent part) {
        ByteBuf content = part.content();
        int length = content.readableBytes();
        boolean last = part instanceof LastHttpContent;
        if (!chunked) {
            if (length == 0) {
                part.release();
                return null;
            }
            return content; // the part's release is its content's
        }
        HttpHeaders trailers = last ? ((LastHttpContent) part).trailingHeaders() : null;
        if (length == 0 && !last) {
            part.release();
            return null;
        }
        ByteBuf out = alloc.directBuffer(length > 0 ? 8 + 2 + length + 2 + (last ? 5 : 0) : 5);
        if (length > 0) {
            out.writeCharSequence(Integer.toHexString(length), CharsetUtil.US_ASCII);
            out.writeBytes(CRLF)
                    .writeBytes(content, content.readerIndex(), length)
                    .writeBytes(CRLF);
        }
        part.release();
        if (last) {
            byte[] b = room(0, 3);
            b[0] = '0';
            int at = crlf(b, 1);
            at = fields(trailers, at);
            b = room(at, 2);
            at = crlf(b, at);
            out.writeBytes(b, 0, at);
        }
        return out;
    }

    /** The scratch array with room for {@code n} more bytes after the first {@code used}, which it keeps. */
    private byte[] room(int used, int n) {
        if (used + n > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(used + n, scratch.length * 2));
        }
        return scratch;
    }

    /** Writes {@code name: value} and CRLF for each of {@code headers} into the scratch array from {@code at}. */
    private int fields(HttpHeaders headers, int at) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> i = headers.iteratorCharSequence(); i.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = i.next();
            CharSequence name = h.getKey();
            CharSequence value = h.getValue();
            byte[] b = room(at, name.length() + 2 + value.length() + 2);
            at = text(name, b, at);
            b[at++] = ':';
            b[at++] = ' ';
            at = text(value, b, at);
            at = crlf(b, at);
        }
        return at;
    }

    private static int crlf(byte[] b, int at) {
        b[at] = '\r';
        b[at + 1] = '\n';
        return at + 2;
    }

    /** Writes {@code s} at {@code at}, a byte per char (above 255: {@code ?}); where it ends. */
    private static int text(CharSequence s, byte[] b, int at) {
        int n = s.length();
        if (s instanceof AsciiString a) {
            a.copy(0, b, at, n);
            return at + n;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[at + i] = c > 255 ? (byte) '?' : (byte) c;
        }
        return at + n;
    }
}

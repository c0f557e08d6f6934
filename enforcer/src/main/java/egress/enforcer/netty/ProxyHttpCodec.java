package egress.enforcer.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The HTTP codec of a client's connection: requests are decoded (and decided one by one), the proxy's own answers
 * encoded. An upstream's response is relayed as the bytes it sent, written from the decoder's context, which comes
 * before the encoder, so that it skips it ({@link ResponseFraming} tells where a response ends). Two handlers, not
 * Netty's {@code HttpServerCodec}: its encoder takes a request method off a queue for every response it encodes,
 * which relayed responses never do, so a later answer of the proxy's own would be framed as the answer to an older
 * request (the handler leaves the body out of its own answer to a HEAD instead); and not one combined handler,
 * whose delegation costs every message a few calls more.
 */
final class ProxyHttpCodec {
    /** The decoder's name: relayed bytes are written from its context. */
    static final String DECODER = "http-codec";

    static final String ENCODER = "http-encoder";

    private ProxyHttpCodec() {}

    /** Adds the codec after {@code after}, or at the end when null; returns the name the next handler goes after. */
    static String add(ChannelPipeline p, String after) {
        if (after == null) {
            p.addLast(DECODER, new HttpRequestDecoder());
        } else {
            p.addAfter(after, DECODER, new HttpRequestDecoder());
        }
        p.addAfter(DECODER, ENCODER, new HttpResponseEncoder());
        return ENCODER;
    }

    /**
     * Takes the codec out (a CONNECT's tunnel is raw bytes from now on); what the decoder still holds is passed on
     * as bytes.
     */
    static void remove(ChannelPipeline p) {
        p.remove(ENCODER);
        p.remove(DECODER);
    }

    /** The context relayed response bytes are written from, or null when the pipeline has no codec. */
    static ChannelHandlerContext relayContext(ChannelPipeline p) {
        return p.context(DECODER);
    }
}

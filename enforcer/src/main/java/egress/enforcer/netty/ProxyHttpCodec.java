package egress.enforcer.netty;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The HTTP codec of a client's connection: requests are decoded (and decided one by one), the proxy's own answers
 * encoded. An upstream's response is relayed as the bytes it sent, written from this handler's context so that
 * it skips the encoder ({@link ResponseFraming} tells where it ends). Netty's {@code HttpServerCodec} would not
 * do: its encoder takes a request method off a queue for every response it encodes, which relayed responses
 * never do, so a later answer of the proxy's own would be framed as the answer to an older request; the handler
 * leaves the body out of its own answer to a HEAD instead.
 */
final class ProxyHttpCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {
    /** The name it has in every pipeline; a CONNECT removes it by this name. */
    static final String NAME = "http-codec";

    ProxyHttpCodec() {
        super(new HttpRequestDecoder(), new HttpResponseEncoder());
    }
}

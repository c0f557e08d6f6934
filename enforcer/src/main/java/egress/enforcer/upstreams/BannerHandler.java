package egress.enforcer.upstreams;

import egress.policy.httpbin.Httpbin;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that speaks first, as SMTP or MySQL do: on accept it sends {@link Httpbin#banner(int)} for the port it
 * listens on (the simulator's banner for that port), then echoes.
 */
final class BannerHandler extends ChannelInboundHandlerAdapter {
    /** The banner of a port without a well-known protocol, as the wire carries it. */
    static final String BANNER = Httpbin.DEFAULT_BANNER + Httpbin.LINE_END;

    private static final Logger LOG = LoggerFactory.getLogger(BannerHandler.class);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int port = ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        ctx.writeAndFlush(Unpooled.copiedBuffer(Httpbin.banner(port) + Httpbin.LINE_END, StandardCharsets.US_ASCII));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.writeAndFlush(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("banner connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

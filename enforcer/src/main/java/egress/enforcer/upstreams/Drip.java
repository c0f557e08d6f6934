package egress.enforcer.upstreams;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;

/** Writes one {@code *} every interval until the count is reached, as httpbin's {@code /drip}. */
final class Drip {
    private final ChannelHandlerContext ctx;
    private final long intervalMillis;
    private long left;

    Drip(ChannelHandlerContext ctx, long count, long intervalMillis) {
        this.ctx = ctx;
        this.left = count;
        this.intervalMillis = intervalMillis;
    }

    void next() {
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.executor().schedule(this::writeOne, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void writeOne() {
        left--;
        if (left == 0) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {'*'})));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {'*'})));
            next();
        }
    }
}

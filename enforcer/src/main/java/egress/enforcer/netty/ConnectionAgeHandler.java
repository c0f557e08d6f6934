package egress.enforcer.netty;

import egress.enforcer.observe.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection (and so its upstream) once it is {@code --max-connection-age-ms} old, however
 * busy it is: a bound on how long any connection outlives the decisions and snapshots it started under.
 */
final class ConnectionAgeHandler extends ChannelInboundHandlerAdapter {
    private final Duration maxAge;
    private final Metrics metrics;
    private ScheduledFuture<?> timer;

    ConnectionAgeHandler(Duration maxAge, Metrics metrics) {
        this.maxAge = maxAge;
        this.metrics = metrics;
    }

    /** The handler for a new connection, or null when connections have no maximum age. */
    static ConnectionAgeHandler of(ProxyContext context) {
        Duration age = context.limits().maxConnectionAge();
        return age.isZero() ? null : new ConnectionAgeHandler(age, context.metrics());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor()
                    .schedule(
                            () -> {
                                if (ctx.channel().isActive()) {
                                    metrics.timedOut();
                                    ctx.channel().close();
                                }
                            },
                            maxAge.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}

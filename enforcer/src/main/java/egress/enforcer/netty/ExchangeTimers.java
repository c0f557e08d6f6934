package egress.enforcer.netty;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two timers of one HTTP exchange on the client's event loop: the request body's deadline (from the head to
 * the last byte of the body, not reset by each byte, so a body dripped a byte at a time cannot hold the
 * connection), and the response timer (the upstream's first byte, then the pause between two parts). A zero
 * duration leaves that timer off.
 */
final class ExchangeTimers {
    private ScheduledFuture<?> body;
    private ScheduledFuture<?> response;

    void body(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        bodyDone();
        body = schedule(ctx, limit, onTimeout);
    }

    void bodyDone() {
        body = cancel(body);
    }

    void response(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        responseStopped();
        response = schedule(ctx, limit, onTimeout);
    }

    void responseStopped() {
        response = cancel(response);
    }

    void cancel() {
        bodyDone();
        responseStopped();
    }

    private static ScheduledFuture<?> schedule(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        return limit.isZero() ? null : ctx.executor().schedule(onTimeout, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }
}
